"""Ledger tables: currencies and accounts."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7
from app.ledger.accounts import AccountKind


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
