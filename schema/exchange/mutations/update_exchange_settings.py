"""updateExchangeSettings: the merchant's exchange opt-in and daily cap."""

from __future__ import annotations

import strawberry

from app.exchange import platform_currency
from app.exchange.errors import ExchangeError
from schema.context import Info
from schema.exchange.types import (
    ExchangeSettings,
    ExchangeUserError,
    exchange_errors,
)
from schema.permissions import Access, mutation, tenant_of
from schema.scalars import Points
from tenants.roles import StaffRole


@strawberry.input
class UpdateExchangeSettingsInput:
    exchange_in: bool
    exchange_out: bool
    member_daily_cap: Points | None = None


@strawberry.type
class ExchangeSettingsPayload:
    settings: ExchangeSettings | None = None
    user_errors: list[ExchangeUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Opt this merchant's points in to (or out of) exchange, with a per-member daily cap on "
    "points leaving. Errors: INVALID_INPUT.",
)
async def resolve(info: Info, input: UpdateExchangeSettingsInput) -> ExchangeSettingsPayload:
    tenant_id = tenant_of(info)
    try:
        settings = await platform_currency.update_exchange_settings(
            tenant_id, input.exchange_in, input.exchange_out, input.member_daily_cap
        )
    except ExchangeError as error:
        return ExchangeSettingsPayload(user_errors=exchange_errors(error))
    return ExchangeSettingsPayload(settings=ExchangeSettings.from_model(settings))
