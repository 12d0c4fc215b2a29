"""Ledger tables: currencies, accounts, journals, transfers, lots, and the points policy.

Balances on `account` change only through the `transfer_apply` trigger (migration 0003): the
application role may insert transfers but may not update balances, transfers or journals.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7
from app.ledger.accounts import AccountKind, Phase
from app.ledger.policy import ExpiryKind, RestoreRule


class Currency(Model):
    """A point currency: a tenant's own, or the platform's (tenant_id NULL)."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField(null=True)
    code = fields.CharField(max_length=16)
    name = fields.CharField(max_length=100)
    fiat_currency = fields.CharField(max_length=3)
    fiat_minor_units = fields.BigIntField()
    points_per_unit = fields.BigIntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "currency"
        unique_together = (("tenant_id", "code"),)


class CurrencyValue(Model):
    """A point currency's fiat value from `effective_from` on (valuation.py says how it is read)."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    currency_id = fields.UUIDField()
    effective_from = fields.DatetimeField()
    points_per_unit = fields.BigIntField()
    fiat_minor_units = fields.BigIntField()
    actor = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "currency_value"


class Account(Model):
    """A balance holder. Balances change only with the transfers that explain them."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    currency_id = fields.UUIDField()
    kind = fields.CharEnumField(AccountKind, max_length=24)
    owner_id = fields.UUIDField()
    slot = fields.SmallIntField(default=0)
    posted = fields.BigIntField(default=0)
    pending_dr = fields.BigIntField(default=0)
    pending_cr = fields.BigIntField(default=0)
    version = fields.BigIntField(default=0)
    no_overdraft = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "account"
        unique_together = (("tenant_id", "currency_id", "kind", "owner_id", "slot"),)


class Journal(Model):
    """Transfers applied together, all or nothing, with why and by whom."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    code = fields.CharField(max_length=32)
    reason = fields.CharField(max_length=200, default="")
    actor = fields.CharField(max_length=80)
    metadata: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "journal"


class Transfer(Model):
    """One amount from one debit account to one credit account, in one currency."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    journal_id = fields.UUIDField()
    currency_id = fields.UUIDField()
    debit_account_id = fields.UUIDField()
    credit_account_id = fields.UUIDField()
    amount = fields.BigIntField()
    phase = fields.CharEnumField(Phase, max_length=8)
    pending_id = fields.UUIDField(null=True)
    expires_at = fields.DatetimeField(null=True)
    code = fields.CharField(max_length=32)
    debit_balance_after = fields.BigIntField(null=True)
    credit_balance_after = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "transfer"


class Lot(Model):
    """Points credited to a wallet together, with one expiry; debits draw on lots FIFO."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    wallet_id = fields.UUIDField()
    amount = fields.BigIntField()
    remaining = fields.BigIntField()
    reserved = fields.BigIntField(default=0)
    expires_at = fields.DatetimeField(null=True)
    earned_at = fields.DatetimeField()
    source_transfer_id = fields.UUIDField()

    class Meta:
        table = "lot"


class LotAllocation(Model):
    """How much of one transfer came from (or went back to) one lot."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    transfer_id = fields.UUIDField()
    lot_id = fields.UUIDField()
    amount = fields.BigIntField()
    kind = fields.CharField(max_length=8)

    class Meta:
        table = "lot_allocation"


def default_reminder_days() -> list[int]:
    return [30, 7]


class PointsPolicy(Model):
    """A tenant's rules for when points expire and what members may do with them."""

    tenant_id = fields.UUIDField(primary_key=True)
    expiry_kind = fields.CharEnumField(ExpiryKind, max_length=16, default=ExpiryKind.NEVER)
    expiry_days = fields.IntField(null=True)
    expiry_months = fields.IntField(null=True)
    clearing_month = fields.SmallIntField(null=True)
    clearing_day = fields.SmallIntField(null=True)
    restore_rule = fields.CharEnumField(
        RestoreRule, max_length=16, default=RestoreRule.ORIGINAL_EXPIRY
    )
    member_transfers_enabled = fields.BooleanField(default=False)
    member_transfer_daily_cap = fields.BigIntField(default=0)
    reminder_days: fields.Field[list[int]] = fields.JSONField(default=default_reminder_days)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "points_policy"


class ExpiryReminder(Model):
    """A lot whose members were told, at one reminder stage, that it is about to expire."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    lot_id = fields.UUIDField()
    stage_days = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "expiry_reminder"
        unique_together = (("lot_id", "stage_days"),)
