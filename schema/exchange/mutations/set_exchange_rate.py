"""setExchangeRate: list a merchant's currency and add its next rate to PLAT."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.exchange import platform_currency
from app.exchange.errors import ExchangeError
from schema.context import Info
from schema.exchange.types import (
    ExchangeRate,
    ExchangeUserError,
    exchange_errors,
)
from schema.ids import parse_id
from schema.permissions import OPERATOR, actor_of, mutation


@strawberry.input
class SetExchangeRateInput:
    tenant_id: strawberry.ID
    code: str = strawberry.field(
        description="The platform-wide code of the merchant's currency (fixed at first listing)."
    )
    plat_per_point: str = strawberry.field(description='An exact decimal, e.g. "0.5".')
    spread_bps: int = 0
    effective_from: datetime | None = strawberry.field(
        default=None, description="Defaults to now; quotes use the rate in force when made."
    )


@strawberry.type
class ExchangeRatePayload:
    rate: ExchangeRate | None = None
    user_errors: list[ExchangeUserError] = strawberry.field(default_factory=list)


@mutation(
    OPERATOR,
    "List a merchant's currency under a code (first call) and add its next rate to PLAT; the "
    "history is kept. Errors: PLATFORM_NOT_CONFIGURED, TENANT_NOT_FOUND, CURRENCY_NOT_ELIGIBLE "
    "(valued in another fiat), CODE_TAKEN, INVALID_INPUT.",
)
async def resolve(info: Info, input: SetExchangeRateInput) -> ExchangeRatePayload:
    spec = platform_currency.RateSpec(
        merchant_id=parse_id(input.tenant_id),
        code=input.code,
        plat_per_point=input.plat_per_point,
        spread_bps=input.spread_bps,
        effective_from=input.effective_from,
        actor=actor_of(info),
    )
    try:
        rate = await platform_currency.set_rate(spec)
    except ExchangeError as error:
        return ExchangeRatePayload(user_errors=exchange_errors(error))
    return ExchangeRatePayload(rate=ExchangeRate.from_model(rate))
