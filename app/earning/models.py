"""Earning tables (tenant-owned, row-level secured)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7
from app.earning.rules import CampaignKind, RuleCombination, Stacking


class EarnRuleKind(StrEnum):
    PURCHASE = "PURCHASE"
    SIGNUP = "SIGNUP"
    PROFILE_COMPLETION = "PROFILE_COMPLETION"
    BIRTHDAY = "BIRTHDAY"
    CHECK_IN = "CHECK_IN"
    EVENT = "EVENT"
    REFERRAL = "REFERRAL"


class Status(StrEnum):
    ACTIVE = "ACTIVE"
    ARCHIVED = "ARCHIVED"


class ClawbackPolicy(StrEnum):
    """What happens to points a refund takes back that the member already spent."""

    WRITE_OFF = "WRITE_OFF"
    REPAY_FIRST = "REPAY_FIRST"


class PurchaseStatus(StrEnum):
    PENDING = "PENDING"
    RELEASED = "RELEASED"
    REFUNDED = "REFUNDED"


class EarningSettings(Model):
    """A tenant's earning policy."""

    tenant_id = fields.UUIDField(primary_key=True)
    return_window_days = fields.IntField(default=7)
    stacking = fields.CharEnumField(Stacking, max_length=16, default=Stacking.MULTIPLY)
    purchase_rules = fields.CharEnumField(
        RuleCombination, max_length=8, default=RuleCombination.BEST
    )
    time_zone = fields.CharField(max_length=64, default="Asia/Shanghai")
    daily_points_cap = fields.BigIntField(null=True)
    clawback_policy = fields.CharEnumField(
        ClawbackPolicy, max_length=16, default=ClawbackPolicy.WRITE_OFF
    )
    # Bumped by every change to the settings, rules or campaigns: processes cache the earning
    # configuration and re-read it only when this moves.
    config_version = fields.BigIntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "earning_settings"


class EarnRule(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    kind = fields.CharEnumField(EarnRuleKind, max_length=24)
    name = fields.CharField(max_length=200)
    status = fields.CharEnumField(Status, max_length=16, default=Status.ACTIVE)
    starts_at = fields.DatetimeField(null=True)
    ends_at = fields.DatetimeField(null=True)
    config: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    budget_points = fields.BigIntField(null=True)
    awarded_points = fields.BigIntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "earn_rule"


class Campaign(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    name = fields.CharField(max_length=200)
    kind = fields.CharEnumField(CampaignKind, max_length=16)
    multiplier = fields.CharField(max_length=16, default="1")
    bonus_points = fields.BigIntField(default=0)
    categories: fields.Field[list[str]] = fields.JSONField(default=list)
    tags: fields.Field[list[str]] = fields.JSONField(default=list)
    tier_ids: fields.Field[list[str]] = fields.JSONField(default=list)
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    budget_points = fields.BigIntField(null=True)
    per_member_cap = fields.BigIntField(null=True)
    # Only orders of at least this amount (minor units): 满额送.
    min_order = fields.BigIntField(default=0)
    awarded_points = fields.BigIntField(default=0)
    status = fields.CharEnumField(Status, max_length=16, default=Status.ACTIVE)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "campaign"


class PurchaseRecord(Model):
    """A purchase the merchant reported, the points it earned, and what was refunded."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    member_id = fields.UUIDField()
    order_id = fields.CharField(max_length=128)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    items: fields.Field[list[dict[str, Any]]] = fields.JSONField(default=list)
    occurred_at = fields.DatetimeField()
    points = fields.BigIntField()
    breakdown: fields.Field[list[dict[str, Any]]] = fields.JSONField(default=list)
    hold_id = fields.UUIDField(null=True)
    release_at = fields.DatetimeField()
    status = fields.CharEnumField(PurchaseStatus, max_length=16, default=PurchaseStatus.PENDING)
    refunded_amount = fields.BigIntField(default=0)
    refunded_points = fields.BigIntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "purchase"
        unique_together = (("tenant_id", "order_id"),)


class EarningEvent(Model):
    """Points a member earned from one non-purchase rule, once per `occasion`: the sign-up,
    the profile, a birthday year, a check-in day, an event's idempotency key."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    member_id = fields.UUIDField()
    rule_id = fields.UUIDField()
    occasion = fields.CharField(max_length=200)
    local_date = fields.DateField()
    points = fields.BigIntField()
    streak = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "earning_event"
        unique_together = (("tenant_id", "rule_id", "member_id", "occasion"),)


class Referral(Model):
    """Who referred whom; both are rewarded at the referred member's first purchase."""

    referee_id = fields.UUIDField(primary_key=True)
    tenant_id = fields.UUIDField()
    referrer_id = fields.UUIDField()
    rewarded_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "referral"


class ReferralCode(Model):
    """A member's code to hand to friends."""

    code = fields.CharField(max_length=16, primary_key=True)
    tenant_id = fields.UUIDField()
    member_id = fields.UUIDField(unique=True)

    class Meta:
        table = "referral_code"


class ClawbackDebt(Model):
    """Points a member owes after a refund took back more than the wallet held; under the
    REPAY_FIRST policy later earnings pay it off before the member can spend them."""

    member_id = fields.UUIDField(primary_key=True)
    tenant_id = fields.UUIDField()
    points = fields.BigIntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "clawback_debt"
