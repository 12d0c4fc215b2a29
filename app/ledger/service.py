"""Ledger use cases."""

from __future__ import annotations

from uuid import UUID

from app.core.db import tenant_scope
from app.ledger.accounts import TENANT_SYSTEM_KINDS
from app.ledger.currencies import CurrencySpec, validate_currency
from app.ledger.models import Account, Currency


async def open_tenant_books(tenant_id: UUID, spec: CurrencySpec) -> Currency:
    """Create the tenant's point currency and its system accounts; call in the tenant's scope."""
    spec = validate_currency(spec)
    currency = await Currency.create(
        tenant_id=tenant_id,
        code=spec.code,
        name=spec.name,
        fiat_currency=spec.fiat_currency,
        fiat_minor_units=spec.fiat_minor_units,
        points_per_unit=spec.points_per_fiat_unit,
    )
    await Account.bulk_create(
        [
            Account(tenant_id=tenant_id, currency_id=currency.id, kind=kind, owner_id=tenant_id)
            for kind in TENANT_SYSTEM_KINDS
        ]
    )
    return currency


async def tenant_currency(tenant_id: UUID) -> Currency | None:
    """The tenant's own point currency; call in the tenant's scope."""
    return await Currency.get_or_none(tenant_id=tenant_id)


async def get_tenant_currency(tenant_id: UUID) -> Currency | None:
    """The tenant's own point currency, read in the tenant's scope."""
    async with tenant_scope(tenant_id):
        return await tenant_currency(tenant_id)
