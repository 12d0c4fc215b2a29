"""Tables of app.core: stored idempotency outcomes."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class IdempotencyRecord(Model):
    """The first outcome of a request made with an idempotency key, kept for replays."""

    id = fields.BigIntField(primary_key=True)
    tenant_id = fields.UUIDField()
    scope = fields.CharField(max_length=120)
    key = fields.CharField(max_length=200)
    request_hash = fields.CharField(max_length=64)
    outcome = fields.CharField(max_length=8)
    response: fields.Field[dict[str, Any] | None] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idempotency_record"
        unique_together = (("tenant_id", "scope", "key"),)
