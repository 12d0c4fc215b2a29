"""Redemption tables (tenant-owned, row-level secured)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7


class OrderStatus(StrEnum):
    PENDING_PAYMENT = "PENDING_PAYMENT"
    CONFIRMED = "CONFIRMED"
    FULFILLED = "FULFILLED"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    REFUNDED = "REFUNDED"


class RedemptionOrder(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    member_id = fields.UUIDField()
    reward_id = fields.UUIDField()
    quantity = fields.IntField()
    points = fields.BigIntField()
    cash = fields.BigIntField(default=0)
    matched_points = fields.BigIntField(default=0)
    valid_until = fields.DatetimeField(null=True)
    status = fields.CharEnumField(OrderStatus, max_length=16)
    transfer_id = fields.UUIDField(null=True)
    # Paid in platform points: `transfer_id` is in the platform's books, and the platform owes
    # the merchant `plat_value_minor` (less what refunds give back).
    plat_paid = fields.BooleanField(default=False)
    plat_value_minor = fields.BigIntField(default=0)
    payment_reference = fields.CharField(max_length=128, null=True)
    coupon_codes: fields.Field[list[str]] = fields.JSONField(default=list)
    shipping: fields.Field[dict[str, Any] | None] = fields.JSONField(null=True)
    tracking: fields.Field[dict[str, Any] | None] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "redemption_order"


class OrderEvent(Model):
    """One status change of an order: who, when, why."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    order_id = fields.UUIDField()
    from_status = fields.CharField(max_length=16, null=True)
    to_status = fields.CharField(max_length=16)
    actor = fields.CharField(max_length=80)
    reason = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "order_event"
