"""Earning tables (tenant-owned, row-level secured)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7
from app.earning.rules import CampaignKind, Stacking


class EarnRuleKind(StrEnum):
    PURCHASE = "PURCHASE"


class Status(StrEnum):
    ACTIVE = "ACTIVE"
    ARCHIVED = "ARCHIVED"


class PurchaseStatus(StrEnum):
    PENDING = "PENDING"
    RELEASED = "RELEASED"
    REFUNDED = "REFUNDED"


class EarningSettings(Model):
    """A tenant's earning policy."""

    tenant_id = fields.UUIDField(primary_key=True)
    return_window_days = fields.IntField(default=7)
    stacking = fields.CharEnumField(Stacking, max_length=16, default=Stacking.MULTIPLY)
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
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    budget_points = fields.BigIntField(null=True)
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
