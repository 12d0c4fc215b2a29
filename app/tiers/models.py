"""Tier tables (tenant-owned, row-level secured)."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7


class Basis(StrEnum):
    POINTS_EARNED = "POINTS_EARNED"
    FIAT_SPENT = "FIAT_SPENT"


class Window(StrEnum):
    ROLLING_MONTHS = "ROLLING_MONTHS"
    CALENDAR_YEAR = "CALENDAR_YEAR"


class Tier(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    name = fields.CharField(max_length=100)
    rank = fields.IntField()
    threshold = fields.BigIntField()
    earn_multiplier = fields.CharField(max_length=16, default="1")
    birthday_multiplier = fields.CharField(max_length=16, default="1")
    perks: fields.Field[list[str]] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "tier"
        unique_together = (("tenant_id", "rank"),)


class TierPolicy(Model):
    tenant_id = fields.UUIDField(primary_key=True)
    basis = fields.CharEnumField(Basis, max_length=16, default=Basis.POINTS_EARNED)
    window = fields.CharEnumField(Window, max_length=16, default=Window.ROLLING_MONTHS)
    months = fields.IntField(default=12)
    grace_days = fields.IntField(default=30)

    class Meta:
        table = "tier_policy"


class MemberTier(Model):
    """A member's current tier, any override, and since when they fall short of it."""

    member_id = fields.UUIDField(primary_key=True)
    tenant_id = fields.UUIDField()
    tier_id = fields.UUIDField()
    since = fields.DatetimeField()
    override_tier_id = fields.UUIDField(null=True)
    override_until = fields.DatetimeField(null=True)
    below_since = fields.DatetimeField(null=True)

    class Meta:
        table = "member_tier"


class TierChange(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    member_id = fields.UUIDField()
    from_tier_id = fields.UUIDField(null=True)
    to_tier_id = fields.UUIDField()
    reason = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "tier_change"
