"""GraphQL types of the exchange."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Annotated

import strawberry

from app.exchange import models
from app.exchange.errors import ExchangeError, ExchangeErrorCode
from app.exchange.links import IdentityKind
from app.exchange.platform_currency import Listed
from app.exchange.pricing import decimal_text
from app.ledger.books import Balance
from app.ledger.models import Currency
from schema.errors import UserError, user_errors
from schema.ledger.types import Wallet
from schema.money import Money
from schema.scalars import MinorUnits, Points

ExchangeErrorCodeEnum = strawberry.enum(
    ExchangeErrorCode, name="ExchangeErrorCode", description="Why an exchange step was refused."
)


@strawberry.type(description="A refused exchange step: which field, why, and a message.")
class ExchangeUserError(UserError):
    code: Annotated[ExchangeErrorCode, ExchangeErrorCodeEnum]


@strawberry.type(description="The platform's own points, PLAT, and the settlement currency.")
class PlatformCurrency:
    code: str
    fiat_currency: str = strawberry.field(description="The one currency merchants settle in.")
    points_per_fiat_unit: int = strawberry.field(description="PLAT worth one unit of the fiat.")

    @classmethod
    def from_model(cls, currency: Currency) -> PlatformCurrency:
        return cls(
            code=currency.code,
            fiat_currency=currency.fiat_currency,
            points_per_fiat_unit=currency.points_per_unit,
        )


@strawberry.type(description="One version of a currency's rate to PLAT.")
class ExchangeRate:
    version: int
    plat_per_point: str = strawberry.field(
        description="PLAT per point, an exact decimal (never a float)."
    )
    spread_bps: int = strawberry.field(description="Taken off each exchange, in basis points.")
    effective_from: datetime
    created_at: datetime

    @classmethod
    def from_model(cls, rate: models.ExchangeRate) -> ExchangeRate:
        value = Fraction(rate.plat_numerator, rate.plat_denominator)
        return cls(
            version=rate.version,
            plat_per_point=decimal_text(value),
            spread_bps=rate.spread_bps,
            effective_from=rate.effective_from,
            created_at=rate.created_at,
        )


@strawberry.type(description="A merchant's currency open to exchange, with its rate in force.")
class ExchangeCurrency:
    code: str
    rate: ExchangeRate | None

    @classmethod
    def from_listed(cls, listed: Listed) -> ExchangeCurrency:
        rate = ExchangeRate.from_model(listed.rate) if listed.rate else None
        return cls(code=listed.listing.code, rate=rate)


@strawberry.type(description="Whether this merchant's points may leave and arrive by exchange.")
class ExchangeSettings:
    exchange_in: bool
    exchange_out: bool
    member_daily_cap: Points | None = strawberry.field(
        description="Most points one member may exchange out in any 24 hours; null: no cap."
    )

    @classmethod
    def from_model(cls, settings: models.ExchangeSettings) -> ExchangeSettings:
        cap = settings.member_daily_cap
        return cls(
            exchange_in=settings.exchange_in,
            exchange_out=settings.exchange_out,
            member_daily_cap=Points(cap) if cap is not None else None,
        )


@strawberry.type(description="A priced exchange at locked rates, open until expiresAt.")
class ExchangeQuote:
    id: strawberry.ID
    from_currency: str
    to_currency: str
    amount_in: Points
    amount_out: Points = strawberry.field(description="Rounded down to a whole point.")
    rate: str = strawberry.field(
        description="Points out per point in after spreads, before rounding (decimal)."
    )
    fee: Money = strawberry.field(
        description="The platform's margin (spreads and rounding) in the settlement currency."
    )
    value_in: Money
    value_out: Money
    from_rate_version: int | None = strawberry.field(description="Null for PLAT.")
    to_rate_version: int | None = strawberry.field(description="Null for PLAT.")
    status: str = strawberry.field(description="OPEN or EXECUTED.")
    expires_at: datetime
    executed_at: datetime | None

    @classmethod
    def from_model(cls, quote: models.ExchangeQuote) -> ExchangeQuote:
        fiat = quote.fiat_currency
        return cls(
            id=strawberry.ID(str(quote.id)),
            from_currency=quote.from_code,
            to_currency=quote.to_code,
            amount_in=Points(quote.amount_in),
            amount_out=Points(quote.amount_out),
            rate=str(quote.terms.get("rate", "")),
            fee=Money(amount=MinorUnits(quote.fee_minor), currency=fiat),
            value_in=Money(amount=MinorUnits(quote.value_in_minor), currency=fiat),
            value_out=Money(amount=MinorUnits(quote.value_out_minor), currency=fiat),
            from_rate_version=quote.terms.get("from_version"),
            to_rate_version=quote.terms.get("to_version"),
            status=quote.status.value,
            expires_at=quote.expires_at,
            executed_at=quote.executed_at,
        )


IdentityKindEnum = strawberry.enum(
    IdentityKind, description="Which verified contact links a member to a platform wallet."
)


@strawberry.type(description="The merchant's platform points, bought to award members.")
class PlatformTreasury:
    posted: Points
    available: Points


@strawberry.type
class PlatformWalletPayload:
    wallet: Wallet | None = None
    user_errors: list[ExchangeUserError] = strawberry.field(default_factory=list)


@strawberry.type
class ExchangeQuotePayload:
    quote: ExchangeQuote | None = None
    replayed: bool = strawberry.field(
        default=False, description="executeExchange: true when the key was used before."
    )
    user_errors: list[ExchangeUserError] = strawberry.field(default_factory=list)


def exchange_errors(error: ExchangeError) -> list[ExchangeUserError]:
    return user_errors(error, ExchangeUserError)


def treasury_of(balance: Balance) -> PlatformTreasury:
    return PlatformTreasury(posted=Points(balance.posted), available=Points(balance.available))
