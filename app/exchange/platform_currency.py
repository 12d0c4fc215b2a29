"""The platform currency (PLAT), the merchants' currencies admitted to exchange with their
rates, and each merchant's own opt-in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from uuid import UUID

from app.core.clock import utcnow
from app.core.db import platform_scope, tenant_scope
from app.core.platform_tenant import PLATFORM_TENANT_ID
from app.exchange.errors import ExchangeError, ExchangeErrorCode
from app.exchange.models import ExchangeListing, ExchangeRate, ExchangeSettings
from app.exchange.pricing import MAX_SPREAD_BPS, RateFormatError, Side, parse_rate
from app.ledger.currencies import PLATFORM_CODE, CurrencySpec, validate_currency
from app.ledger.errors import LedgerError
from app.ledger.models import Currency
from app.ledger.service import open_tenant_books, tenant_currency
from tenants.models import Tenant

MAX_DAILY_CAP = 2**53 - 1
PLAT_SIDE = Side(PLATFORM_CODE, Fraction(1))


@dataclass(frozen=True)
class Listed:
    """A listed currency with the rate in force (None before its first rate takes effect)."""

    listing: ExchangeListing
    rate: ExchangeRate | None

    def side(self) -> Side:
        if self.rate is None:
            raise ExchangeError(
                ExchangeErrorCode.NO_RATE, f"{self.listing.code} has no rate in force yet."
            )
        return Side(
            self.listing.code,
            Fraction(self.rate.plat_numerator, self.rate.plat_denominator),
            self.rate.spread_bps,
        )


@dataclass(frozen=True)
class RateSpec:
    merchant_id: UUID
    code: str
    plat_per_point: str
    spread_bps: int
    effective_from: datetime | None
    actor: str


def _invalid(message: str, field: str) -> ExchangeError:
    return ExchangeError(ExchangeErrorCode.INVALID_INPUT, message, field)


async def configure_platform_currency(fiat_currency: str, points_per_fiat_unit: int) -> Currency:
    """Open the platform's books with PLAT worth 1/`points_per_fiat_unit` of a unit of the
    settlement fiat, or revalue PLAT; the settlement fiat is fixed once merchants are listed."""
    try:
        spec = validate_currency(
            CurrencySpec(PLATFORM_CODE, "Platform points", fiat_currency, points_per_fiat_unit),
            platform=True,
        )
    except LedgerError as error:
        raise _invalid(error.message, error.field or "fiatCurrency") from error
    async with tenant_scope(PLATFORM_TENANT_ID):
        current = await Currency.select_for_update().get_or_none(tenant_id=PLATFORM_TENANT_ID)
        if current is None:
            return await open_tenant_books(PLATFORM_TENANT_ID, spec, platform=True)
        if spec.fiat_currency != current.fiat_currency and await ExchangeListing.exists():
            raise _invalid(
                "The settlement currency cannot change once merchants are listed.", "fiatCurrency"
            )
        current.fiat_currency = spec.fiat_currency
        current.fiat_minor_units = spec.fiat_minor_units
        current.points_per_unit = spec.points_per_fiat_unit
        await current.save(update_fields=["fiat_currency", "fiat_minor_units", "points_per_unit"])
        return current


async def platform_currency() -> Currency | None:
    """PLAT; call in the platform's scope."""
    return await tenant_currency(PLATFORM_TENANT_ID)


async def require_platform_currency() -> Currency:
    plat = await platform_currency()
    if plat is None:
        raise ExchangeError(
            ExchangeErrorCode.PLATFORM_NOT_CONFIGURED, "The platform currency is not set up yet."
        )
    return plat


def plat_minor_value(plat: Currency) -> Fraction:
    """One PLAT in minor units of the settlement fiat."""
    return Fraction(plat.fiat_minor_units, plat.points_per_unit)


async def set_rate(spec: RateSpec) -> ExchangeRate:
    """Admit a merchant's currency under `code` (first time) and append its next rate."""
    try:
        rate = parse_rate(spec.plat_per_point)
    except RateFormatError as error:
        raise _invalid(
            "PLAT per point must be a positive decimal, at most 12 places.", "platPerPoint"
        ) from error
    if not 0 <= spec.spread_bps <= MAX_SPREAD_BPS:
        raise _invalid(f"Spread must be 0-{MAX_SPREAD_BPS} basis points.", "spreadBps")
    code = spec.code.strip().upper()
    currency = await _merchant_currency(spec.merchant_id)
    async with tenant_scope(PLATFORM_TENANT_ID) as connection:
        plat = await require_platform_currency()
        if currency.fiat_currency != plat.fiat_currency:
            raise ExchangeError(
                ExchangeErrorCode.CURRENCY_NOT_ELIGIBLE,
                f"Only currencies valued in {plat.fiat_currency} can join exchange.",
                "tenantId",
            )
        await connection.execute_query("SELECT pg_advisory_xact_lock(hashtext('exchange_listing'))")
        listing = await _listing_for(spec.merchant_id, code, currency.id)
        latest = await ExchangeRate.filter(listing_id=listing.id).order_by("-version").first()
        return await ExchangeRate.create(
            tenant_id=PLATFORM_TENANT_ID,
            listing_id=listing.id,
            version=(latest.version + 1) if latest else 1,
            plat_numerator=rate.numerator,
            plat_denominator=rate.denominator,
            spread_bps=spec.spread_bps,
            effective_from=spec.effective_from or utcnow(),
            created_by=spec.actor,
        )


async def _merchant_currency(merchant_id: UUID) -> Currency:
    async with platform_scope():
        found = await Tenant.exists(id=merchant_id)
    currency = None
    if found and merchant_id != PLATFORM_TENANT_ID:
        async with tenant_scope(merchant_id):
            currency = await tenant_currency(merchant_id)
    if currency is None:
        raise ExchangeError(ExchangeErrorCode.TENANT_NOT_FOUND, "No such merchant.", "tenantId")
    return currency


async def _listing_for(merchant_id: UUID, code: str, currency_id: UUID) -> ExchangeListing:
    listing = await ExchangeListing.get_or_none(merchant_id=merchant_id)
    if listing is not None:
        if listing.code != code:
            raise _invalid(f"This merchant is listed as {listing.code}.", "code")
        return listing
    if code == PLATFORM_CODE or not code.isalnum() or not 2 <= len(code) <= 16:
        raise _invalid("Code must be 2-16 letters or digits, and not PLAT.", "code")
    if await ExchangeListing.exists(code=code):
        raise ExchangeError(ExchangeErrorCode.CODE_TAKEN, f"{code} is taken.", "code")
    return await ExchangeListing.create(
        tenant_id=PLATFORM_TENANT_ID, code=code, merchant_id=merchant_id, currency_id=currency_id
    )


async def listed(code: str, at: datetime | None = None) -> Listed | None:
    """The listing under `code` and its rate in force at `at` (now); platform scope."""
    listing = await ExchangeListing.get_or_none(code=code.strip().upper())
    if listing is None:
        return None
    return Listed(listing, await rate_in_force(listing.id, at or utcnow()))


async def listing_of(merchant_id: UUID) -> Listed | None:
    listing = await ExchangeListing.get_or_none(merchant_id=merchant_id)
    return Listed(listing, await rate_in_force(listing.id, utcnow())) if listing else None


async def rate_in_force(listing_id: UUID, at: datetime) -> ExchangeRate | None:
    return (
        await ExchangeRate.filter(listing_id=listing_id, effective_from__lte=at)
        .order_by("-effective_from", "-version")
        .first()
    )


async def list_listings() -> list[Listed]:
    """Every listed currency with its rate in force, by code."""
    async with tenant_scope(PLATFORM_TENANT_ID):
        now = utcnow()
        return [
            Listed(listing, await rate_in_force(listing.id, now))
            for listing in await ExchangeListing.all().order_by("code")
        ]


async def rate_history(code: str) -> list[ExchangeRate]:
    async with tenant_scope(PLATFORM_TENANT_ID):
        listing = await ExchangeListing.get_or_none(code=code.strip().upper())
        if listing is None:
            return []
        return await ExchangeRate.filter(listing_id=listing.id).order_by("-version")


async def exchange_settings(tenant_id: UUID) -> ExchangeSettings:
    """The merchant's opt-in (all off until it says otherwise); call in its scope."""
    found = await ExchangeSettings.get_or_none(tenant_id=tenant_id)
    return found or ExchangeSettings(tenant_id=tenant_id)


async def get_exchange_settings(tenant_id: UUID) -> ExchangeSettings:
    async with tenant_scope(tenant_id):
        return await exchange_settings(tenant_id)


async def update_exchange_settings(
    tenant_id: UUID, exchange_in: bool, exchange_out: bool, member_daily_cap: int | None
) -> ExchangeSettings:
    if member_daily_cap is not None and not 1 <= member_daily_cap <= MAX_DAILY_CAP:
        raise _invalid("The daily cap must be a positive number of points.", "memberDailyCap")
    async with tenant_scope(tenant_id):
        settings, _ = await ExchangeSettings.update_or_create(
            {
                "exchange_in": exchange_in,
                "exchange_out": exchange_out,
                "member_daily_cap": member_daily_cap,
            },
            tenant_id=tenant_id,
        )
        return settings


async def get_platform_currency() -> Currency | None:
    async with tenant_scope(PLATFORM_TENANT_ID):
        return await platform_currency()
