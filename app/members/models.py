"""The member table (tenant-owned, row-level secured)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7


class MemberStatus(StrEnum):
    ACTIVE = "ACTIVE"
    BLOCKED = "BLOCKED"


class Member(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    external_id = fields.CharField(max_length=128)
    email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=32, null=True)
    # The merchant asserts it checked these (e.g. by SMS code); platform wallets link by them.
    email_verified = fields.BooleanField(default=False)
    phone_verified = fields.BooleanField(default=False)
    display_name = fields.CharField(max_length=200, default="")
    birthday = fields.DateField(null=True)
    attributes: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    status = fields.CharEnumField(MemberStatus, max_length=16, default=MemberStatus.ACTIVE)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "member"
        unique_together = (("tenant_id", "external_id"),)
