"""Exchange queries: PLAT, listed currencies and rates, treasuries and platform wallets."""

from __future__ import annotations

import strawberry

from app.exchange import links, platform_currency, treasury
from schema.context import Info
from schema.exchange.types import (
    ExchangeCurrency,
    ExchangeRate,
    ExchangeSettings,
    PlatformCurrency,
    PlatformTreasury,
    treasury_of,
)
from schema.ledger.types import Wallet
from schema.permissions import MEMBER, OPERATOR, SIGNED_IN, Access, member_of, query, tenant_of
from tenants.roles import StaffRole


@strawberry.type
class ExchangeQueries:
    @query(
        SIGNED_IN,
        "PLAT and the settlement currency; null before set up.",
    )
    async def platform_currency(self, info: Info) -> PlatformCurrency | None:
        currency = await platform_currency.get_platform_currency()
        return PlatformCurrency.from_model(currency) if currency else None

    @query(
        SIGNED_IN,
        "Currencies open to exchange, by code, with their rates.",
    )
    async def exchange_currencies(self, info: Info) -> list[ExchangeCurrency]:
        return [
            ExchangeCurrency.from_listed(item) for item in await platform_currency.list_listings()
        ]

    @query(
        OPERATOR,
        "A currency's rate history, newest first.",
    )
    async def exchange_rates(self, info: Info, code: str) -> list[ExchangeRate]:
        return [
            ExchangeRate.from_model(rate) for rate in await platform_currency.rate_history(code)
        ]

    @query(
        Access(staff=StaffRole.VIEWER),
        "This merchant's PLAT treasury.",
    )
    async def platform_treasury(self, info: Info) -> PlatformTreasury:
        tenant_id = tenant_of(info)
        return treasury_of(await treasury.treasury_balance(tenant_id))

    @query(
        Access(staff=StaffRole.VIEWER),
        "This merchant's exchange opt-in.",
    )
    async def exchange_settings(self, info: Info) -> ExchangeSettings:
        tenant_id = tenant_of(info)
        return ExchangeSettings.from_model(await platform_currency.get_exchange_settings(tenant_id))

    @query(
        MEMBER,
        "The member's platform (PLAT) wallet; null when not linked.",
    )
    async def platform_wallet(self, info: Info) -> Wallet | None:
        member = member_of(info)
        wallet = await links.platform_wallet(member.tenant_id, member.member_id)
        return Wallet.from_view(wallet) if wallet else None
