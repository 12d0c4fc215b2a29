"""Checkout tables (tenant-owned): the merchant's points-payment settings and each order's
points payment."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7


class PaymentStatus(StrEnum):
    AUTHORIZED = "AUTHORIZED"
    CAPTURED = "CAPTURED"
    VOIDED = "VOIDED"
    EXPIRED = "EXPIRED"


class CheckoutSettings(Model):
    """What share of an order points may pay, in what amounts, and whether that part earns."""

    tenant_id = fields.UUIDField(primary_key=True)
    enabled = fields.BooleanField(default=True)
    # Basis points of the order amount: 5000 lets points pay at most half of it.
    max_share_bps = fields.IntField(default=5000)
    min_points = fields.BigIntField(default=100)
    step_points = fields.BigIntField(default=100)
    earn_on_points_part = fields.BooleanField(default=False)
    authorization_seconds = fields.IntField(default=900)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "checkout_settings"


class PointsPayment(Model):
    """The points part of one of the merchant's orders: held, then captured (all or part) or
    voided or expired; `returned_points` came back through refunds of the order."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    order_id = fields.CharField(max_length=128)
    member_id = fields.UUIDField()
    order_amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    authorized_points = fields.BigIntField()
    captured_points = fields.BigIntField(default=0)
    # What the captured points paid of the order, in minor units (rounded down).
    captured_value = fields.BigIntField(default=0)
    returned_points = fields.BigIntField(default=0)
    # The ledger's hold, and the spend its capture posted (what refunds return points from).
    hold_id = fields.UUIDField()
    spend_id = fields.UUIDField(null=True)
    status = fields.CharEnumField(PaymentStatus, max_length=16, default=PaymentStatus.AUTHORIZED)
    expires_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "points_payment"
        unique_together = (("tenant_id", "order_id"),)
