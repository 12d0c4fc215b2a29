"""configurePlatformCurrency: set up or revalue PLAT."""

from __future__ import annotations

import strawberry

from app.exchange import platform_currency
from app.exchange.errors import ExchangeError
from schema.context import Info
from schema.exchange.types import (
    ExchangeUserError,
    PlatformCurrency,
    exchange_errors,
)
from schema.permissions import OPERATOR, mutation


@strawberry.input
class ConfigurePlatformCurrencyInput:
    fiat_currency: str = strawberry.field(description="ISO 4217; every merchant settles in it.")
    points_per_fiat_unit: int = strawberry.field(description="PLAT worth one unit of the fiat.")


@strawberry.type
class PlatformCurrencyPayload:
    platform_currency: PlatformCurrency | None = None
    user_errors: list[ExchangeUserError] = strawberry.field(default_factory=list)


@mutation(
    OPERATOR,
    "Set up PLAT (first call) or revalue it. Errors: INVALID_INPUT.",
)
async def resolve(info: Info, input: ConfigurePlatformCurrencyInput) -> PlatformCurrencyPayload:
    try:
        currency = await platform_currency.configure_platform_currency(
            input.fiat_currency, input.points_per_fiat_unit
        )
    except ExchangeError as error:
        return PlatformCurrencyPayload(user_errors=exchange_errors(error))
    return PlatformCurrencyPayload(platform_currency=PlatformCurrency.from_model(currency))
