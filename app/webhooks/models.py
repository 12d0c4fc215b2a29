"""Webhook tables (tenant-owned)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7


class EndpointStatus(StrEnum):
    ACTIVE = "ACTIVE"
    # Failing for a day: no more deliveries until the merchant enables it again.
    DISABLED = "DISABLED"


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"
    SENDING = "SENDING"
    SUCCEEDED = "SUCCEEDED"
    # Out of attempts: kept for inspection and replay.
    DEAD = "DEAD"


class WebhookEndpoint(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    url = fields.CharField(max_length=2000)
    description = fields.CharField(max_length=200, default="")
    # Empty: every event type.
    event_types: fields.Field[list[str]] = fields.JSONField(default=list)
    secret = fields.CharField(max_length=100)
    # The secret before the last rotation, still signing until `previous_until`.
    previous_secret = fields.CharField(max_length=100, null=True)
    previous_until = fields.DatetimeField(null=True)
    enabled = fields.BooleanField(default=True)
    status = fields.CharEnumField(EndpointStatus, max_length=16, default=EndpointStatus.ACTIVE)
    failing_since = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_endpoint"


class WebhookEvent(Model):
    """What happened, as sent: the body every delivery of it carries."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    type = fields.CharField(max_length=64)
    payload: fields.Field[dict[str, Any]] = fields.JSONField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_event"


class WebhookDelivery(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    event_id = fields.UUIDField()
    endpoint_id = fields.UUIDField()
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_status_code = fields.IntField(null=True)
    last_error = fields.CharField(max_length=300, null=True)
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_delivery"
