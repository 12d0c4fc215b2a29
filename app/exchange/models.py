"""Exchange tables. All but `exchange_settings` are the platform's (tenant_id is the platform's
reserved id): merchants never read them directly, so no merchant learns another's members."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7


class PlatformLink(Model):
    """A merchant's member linked to a platform customer (a member of the platform's books,
    whose PLAT wallet it is). One customer per verified identity."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    merchant_id = fields.UUIDField()
    member_id = fields.UUIDField()
    customer_id = fields.UUIDField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "platform_link"
        unique_together = (("merchant_id", "member_id"),)


class ExchangeListing(Model):
    """A merchant's currency admitted to exchange under a platform-wide code."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    code = fields.CharField(max_length=16, unique=True)
    merchant_id = fields.UUIDField(unique=True)
    currency_id = fields.UUIDField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "exchange_listing"


class ExchangeRate(Model):
    """PLAT per point of a listed currency, as an exact fraction, from `effective_from` on.
    Append-only: a new rate is a new row with the next version."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    listing_id = fields.UUIDField()
    version = fields.IntField()
    plat_numerator = fields.BigIntField()
    plat_denominator = fields.BigIntField()
    spread_bps = fields.IntField()
    effective_from = fields.DatetimeField()
    created_by = fields.CharField(max_length=80)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "exchange_rate"
        unique_together = (("listing_id", "version"),)


class ExchangeSettings(Model):
    """A merchant's opt-in to exchange (tenant-owned)."""

    tenant_id = fields.UUIDField(primary_key=True)
    exchange_in = fields.BooleanField(default=False)
    exchange_out = fields.BooleanField(default=False)
    member_daily_cap = fields.BigIntField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "exchange_settings"


class QuoteStatus(StrEnum):
    OPEN = "OPEN"
    EXECUTED = "EXECUTED"


class ExchangeQuote(Model):
    """A priced offer to one member, at locked rate versions, until `expires_at`."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    merchant_id = fields.UUIDField()
    member_id = fields.UUIDField()
    customer_id = fields.UUIDField(null=True)
    from_code = fields.CharField(max_length=16)
    to_code = fields.CharField(max_length=16)
    amount_in = fields.BigIntField()
    amount_out = fields.BigIntField()
    from_rate_id = fields.UUIDField(null=True)
    to_rate_id = fields.UUIDField(null=True)
    value_in_minor = fields.BigIntField()
    value_out_minor = fields.BigIntField()
    fee_minor = fields.BigIntField()
    fiat_currency = fields.CharField(max_length=3)
    # Exact figures (fractions as text) an auditor can recompute the amounts from.
    terms: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    status = fields.CharEnumField(QuoteStatus, max_length=16, default=QuoteStatus.OPEN)
    expires_at = fields.DatetimeField()
    executed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "exchange_quote"
