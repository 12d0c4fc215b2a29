"""Obligations and settlement batches: the platform's tables (platform tenant id)."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7


class ObligationKind(StrEnum):
    # A merchant's points left through an exchange: it owes the platform their value.
    EXCHANGE_OUT = "EXCHANGE_OUT"
    # The platform had a merchant issue points on an exchange: it owes the merchant their value.
    EXCHANGE_IN = "EXCHANGE_IN"
    # The platform's own margin on an exchange (spread and rounding): no one owes it; kept as
    # its own line so a batch shows the platform's revenue.
    SPREAD = "SPREAD"
    # A merchant bought PLAT for its treasury: it owes the platform their value.
    PLAT_PURCHASE = "PLAT_PURCHASE"
    # A member paid a merchant's reward in PLAT: the platform owes the merchant its value.
    REWARD_PLAT = "REWARD_PLAT"
    # Such an order was cancelled or refunded: the merchant gives that value back.
    REWARD_PLAT_RETURN = "REWARD_PLAT_RETURN"


class Obligation(Model):
    """Who owes whom (NULL = the platform), in the settlement fiat's minor units, for which
    journal (and exchange, if one); claimed by exactly one batch."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    kind = fields.CharEnumField(ObligationKind, max_length=24)
    debtor_id = fields.UUIDField(null=True)
    creditor_id = fields.UUIDField(null=True)
    amount_minor = fields.BigIntField()
    fiat_currency = fields.CharField(max_length=3)
    quote_id = fields.UUIDField(null=True)
    journal_id = fields.UUIDField()
    batch_id = fields.UUIDField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "obligation"


class BatchStatus(StrEnum):
    DRAFT = "DRAFT"
    APPROVED = "APPROVED"


class SettlementBatch(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    until = fields.DatetimeField()
    status = fields.CharEnumField(BatchStatus, max_length=16, default=BatchStatus.DRAFT)
    fiat_currency = fields.CharField(max_length=3)
    obligations_total = fields.BigIntField()
    platform_net = fields.BigIntField()
    spread_minor = fields.BigIntField()
    created_by = fields.CharField(max_length=80)
    approved_by = fields.CharField(max_length=80, null=True)
    approved_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "settlement_batch"


class LineStatus(StrEnum):
    OPEN = "OPEN"
    PAID = "PAID"


class SettlementLine(Model):
    """One merchant's net in a batch: positive, the platform pays it; negative, it pays."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    batch_id = fields.UUIDField()
    merchant_id = fields.UUIDField()
    net_minor = fields.BigIntField()
    receivable_minor = fields.BigIntField()
    payable_minor = fields.BigIntField()
    status = fields.CharEnumField(LineStatus, max_length=16, default=LineStatus.OPEN)
    payment_reference = fields.CharField(max_length=128, null=True)
    paid_at = fields.DatetimeField(null=True)

    class Meta:
        table = "settlement_line"
        unique_together = (("batch_id", "merchant_id"),)
