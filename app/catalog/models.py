"""Catalog tables (tenant-owned, row-level secured)."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7


class RewardType(StrEnum):
    PHYSICAL = "PHYSICAL"
    COUPON = "COUPON"
    SERVICE = "SERVICE"
    DONATION = "DONATION"


class RewardStatus(StrEnum):
    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    ARCHIVED = "ARCHIVED"


class Reward(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    name = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    type = fields.CharEnumField(RewardType, max_length=16)
    price_points = fields.BigIntField()
    price_cash = fields.BigIntField(default=0)
    # Priced in platform points: members pay from their PLAT wallet and the platform owes the
    # merchant the value (points-only; not for donations).
    plat_priced = fields.BooleanField(default=False)
    # Tier id -> points price for members of that tier (others pay `price_points`).
    tier_prices: fields.Field[dict[str, int]] = fields.JSONField(default=dict)
    stock_total = fields.BigIntField(default=0)
    stock_available = fields.BigIntField(default=0)
    per_member_limit = fields.IntField(null=True)
    per_member_daily_limit = fields.IntField(null=True)
    max_per_order = fields.IntField(default=1)
    available_from = fields.DatetimeField(null=True)
    available_until = fields.DatetimeField(null=True)
    min_tier_id = fields.UUIDField(null=True)
    categories: fields.Field[list[str]] = fields.JSONField(default=list)
    tags: fields.Field[list[str]] = fields.JSONField(default=list)
    image_urls: fields.Field[list[str]] = fields.JSONField(default=list)
    # DONATION: the merchant adds `match_ratio` x the member's points (an exact decimal), until
    # `match_budget` points of matching have been given.
    match_ratio = fields.CharField(max_length=16, default="0")
    # SERVICE: how long the voucher code a redemption gets stays valid.
    valid_days = fields.IntField(null=True)
    match_budget = fields.BigIntField(null=True)
    matched_points = fields.BigIntField(default=0)
    status = fields.CharEnumField(RewardStatus, max_length=16, default=RewardStatus.ACTIVE)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "reward"


class CouponCode(Model):
    """One code of a COUPON reward's pool; `order_id` is set when a redemption takes it."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    reward_id = fields.UUIDField()
    code = fields.CharField(max_length=128)
    order_id = fields.UUIDField(null=True)
    assigned_at = fields.DatetimeField(null=True)

    class Meta:
        table = "coupon_code"
        unique_together = (("tenant_id", "reward_id", "code"),)
