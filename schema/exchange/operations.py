"""Platform currency and rates (operators), opt-in (merchants), wallets and exchanges (members)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.exchange import links, platform_currency, service, treasury
from app.exchange.errors import ExchangeError
from app.exchange.links import IdentityKind
from app.ledger.books import Balance
from schema.context import Info
from schema.earning.types import Money
from schema.errors import user_errors
from schema.exchange.types import (
    ExchangeCurrency,
    ExchangeQuote,
    ExchangeRate,
    ExchangeSettings,
    ExchangeUserError,
    PlatformCurrency,
)
from schema.ids import parse_id
from schema.ledger.types import Wallet
from schema.permissions import (
    actor_of,
    require_member,
    require_operator,
    require_signed_in,
    require_staff,
)
from schema.scalars import MinorUnits, Points
from tenants.roles import StaffRole

IdentityKindEnum = strawberry.enum(
    IdentityKind, description="Which verified contact links a member to a platform wallet."
)


@strawberry.input
class ConfigurePlatformCurrencyInput:
    fiat_currency: str = strawberry.field(description="ISO 4217; every merchant settles in it.")
    points_per_fiat_unit: int = strawberry.field(description="PLAT worth one unit of the fiat.")


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


@strawberry.input
class UpdateExchangeSettingsInput:
    exchange_in: bool
    exchange_out: bool
    member_daily_cap: Points | None = None


@strawberry.input
class LinkPlatformWalletInput:
    via: Annotated[IdentityKind, IdentityKindEnum]


@strawberry.input
class QuoteExchangeInput:
    from_currency: str = strawberry.field(description="This merchant's code, or PLAT.")
    to_currency: str
    amount: Points


@strawberry.input
class ExecuteExchangeInput:
    quote_id: strawberry.ID
    idempotency_key: str


@strawberry.input
class PurchasePlatformPointsInput:
    amount: Points
    idempotency_key: str


@strawberry.type(description="The merchant's platform points, bought to award members.")
class PlatformTreasury:
    posted: Points
    available: Points


@strawberry.type
class PurchasePlatformPointsPayload:
    journal_id: strawberry.ID | None = None
    cost: Money | None = strawberry.field(
        default=None, description="What the merchant owes the platform, settled in its batch."
    )
    treasury: PlatformTreasury | None = None
    replayed: bool = False
    user_errors: list[ExchangeUserError] = strawberry.field(default_factory=list)


@strawberry.type
class PlatformCurrencyPayload:
    platform_currency: PlatformCurrency | None = None
    user_errors: list[ExchangeUserError] = strawberry.field(default_factory=list)


@strawberry.type
class ExchangeRatePayload:
    rate: ExchangeRate | None = None
    user_errors: list[ExchangeUserError] = strawberry.field(default_factory=list)


@strawberry.type
class ExchangeSettingsPayload:
    settings: ExchangeSettings | None = None
    user_errors: list[ExchangeUserError] = strawberry.field(default_factory=list)


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


def _errors(error: ExchangeError) -> list[ExchangeUserError]:
    return user_errors(error, ExchangeUserError)


async def configure_platform_currency(
    info: Info, input: ConfigurePlatformCurrencyInput
) -> PlatformCurrencyPayload:
    require_operator(info)
    try:
        currency = await platform_currency.configure_platform_currency(
            input.fiat_currency, input.points_per_fiat_unit
        )
    except ExchangeError as error:
        return PlatformCurrencyPayload(user_errors=_errors(error))
    return PlatformCurrencyPayload(platform_currency=PlatformCurrency.from_model(currency))


async def set_exchange_rate(info: Info, input: SetExchangeRateInput) -> ExchangeRatePayload:
    require_operator(info)
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
        return ExchangeRatePayload(user_errors=_errors(error))
    return ExchangeRatePayload(rate=ExchangeRate.from_model(rate))


async def update_exchange_settings(
    info: Info, input: UpdateExchangeSettingsInput
) -> ExchangeSettingsPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        settings = await platform_currency.update_exchange_settings(
            tenant_id, input.exchange_in, input.exchange_out, input.member_daily_cap
        )
    except ExchangeError as error:
        return ExchangeSettingsPayload(user_errors=_errors(error))
    return ExchangeSettingsPayload(settings=ExchangeSettings.from_model(settings))


async def link_platform_wallet(info: Info, input: LinkPlatformWalletInput) -> PlatformWalletPayload:
    member = require_member(info)
    try:
        await links.link_platform_wallet(member.tenant_id, member.member_id, input.via)
    except ExchangeError as error:
        return PlatformWalletPayload(user_errors=_errors(error))
    wallet = await links.platform_wallet(member.tenant_id, member.member_id)
    return PlatformWalletPayload(wallet=Wallet.from_view(wallet) if wallet else None)


async def unlink_platform_wallet(info: Info) -> PlatformWalletPayload:
    member = require_member(info)
    try:
        await links.unlink_platform_wallet(member.tenant_id, member.member_id)
    except ExchangeError as error:
        return PlatformWalletPayload(user_errors=_errors(error))
    return PlatformWalletPayload()


async def quote_exchange(info: Info, input: QuoteExchangeInput) -> ExchangeQuotePayload:
    member = require_member(info)
    request = service.QuoteRequest(
        member.tenant_id, member.member_id, input.from_currency, input.to_currency, input.amount
    )
    try:
        quote = await service.quote_exchange(request)
    except ExchangeError as error:
        return ExchangeQuotePayload(user_errors=_errors(error))
    return ExchangeQuotePayload(quote=ExchangeQuote.from_model(quote))


async def execute_exchange(info: Info, input: ExecuteExchangeInput) -> ExchangeQuotePayload:
    member = require_member(info)
    try:
        executed = await service.execute_exchange(
            member.tenant_id,
            member.member_id,
            parse_id(input.quote_id),
            input.idempotency_key,
            actor_of(info),
        )
    except ExchangeError as error:
        return ExchangeQuotePayload(user_errors=_errors(error))
    return ExchangeQuotePayload(
        quote=ExchangeQuote.from_model(executed.quote), replayed=executed.replayed
    )


async def purchase_platform_points(
    info: Info, input: PurchasePlatformPointsInput
) -> PurchasePlatformPointsPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        bought = await treasury.purchase_platform_points(
            tenant_id, input.amount, input.idempotency_key, actor_of(info)
        )
    except ExchangeError as error:
        return PurchasePlatformPointsPayload(user_errors=_errors(error))
    return PurchasePlatformPointsPayload(
        journal_id=strawberry.ID(str(bought.journal_id)),
        cost=Money(amount=MinorUnits(bought.value_minor), currency=bought.fiat_currency),
        treasury=_treasury(bought.treasury),
        replayed=bought.replayed,
    )


def _treasury(balance: Balance) -> PlatformTreasury:
    return PlatformTreasury(posted=Points(balance.posted), available=Points(balance.available))


@strawberry.type
class ExchangeMutations:
    purchase_platform_points = strawberry.mutation(
        resolver=purchase_platform_points,
        description="Buy PLAT into this merchant's treasury, to award with awardPoints "
        "(currency PLAT); the cost is owed to the platform and settled in the next batch. "
        "Idempotent by key. ADMIN or OWNER. Errors: PLATFORM_NOT_CONFIGURED, INVALID_INPUT, "
        "IDEMPOTENCY_KEY_REUSED.",
    )
    configure_platform_currency = strawberry.mutation(
        resolver=configure_platform_currency,
        description="Set up PLAT (first call) or revalue it. Operators. Errors: INVALID_INPUT.",
    )
    set_exchange_rate = strawberry.mutation(
        resolver=set_exchange_rate,
        description="List a merchant's currency under a code (first call) and add its next rate "
        "to PLAT; the history is kept. Operators. Errors: PLATFORM_NOT_CONFIGURED, "
        "TENANT_NOT_FOUND, CURRENCY_NOT_ELIGIBLE (valued in another fiat), CODE_TAKEN, "
        "INVALID_INPUT.",
    )
    update_exchange_settings = strawberry.mutation(
        resolver=update_exchange_settings,
        description="Opt this merchant's points in to (or out of) exchange, with a per-member "
        "daily cap on points leaving. ADMIN or OWNER. Errors: INVALID_INPUT.",
    )
    link_platform_wallet = strawberry.mutation(
        resolver=link_platform_wallet,
        description="Link this membership to the platform wallet of the member's verified phone "
        "or email (the same person at another merchant reaches the same wallet). Members. "
        "Errors: IDENTITY_NOT_VERIFIED, ALREADY_LINKED, PLATFORM_NOT_CONFIGURED.",
    )
    unlink_platform_wallet = strawberry.mutation(
        resolver=unlink_platform_wallet,
        description="Remove the link while the platform wallet is empty. Members. Errors: "
        "NOT_LINKED, WALLET_NOT_EMPTY.",
    )
    quote_exchange = strawberry.mutation(
        resolver=quote_exchange,
        description="Price an exchange at the rates in force; the quote holds for two minutes. "
        "Members. Errors: UNKNOWN_CURRENCY, SAME_CURRENCY, NOT_LINKED, EXCHANGE_DISABLED, NO_RATE, "
        "AMOUNT_TOO_SMALL, PLATFORM_NOT_CONFIGURED, INVALID_INPUT.",
    )
    execute_exchange = strawberry.mutation(
        resolver=execute_exchange,
        description="Carry out a quote at its locked rates, in every ledger involved, all or "
        "nothing; once per quote, idempotent by key. Members. Errors: QUOTE_NOT_FOUND, "
        "QUOTE_EXPIRED, QUOTE_ALREADY_EXECUTED, INSUFFICIENT_POINTS, DAILY_CAP_REACHED, "
        "EXCHANGE_DISABLED, NOT_LINKED, MEMBER_BLOCKED, IDEMPOTENCY_KEY_REUSED.",
    )


@strawberry.type
class ExchangeQueries:
    @strawberry.field(description="PLAT and the settlement currency; null before set up.")
    async def platform_currency(self, info: Info) -> PlatformCurrency | None:
        require_signed_in(info)
        currency = await platform_currency.get_platform_currency()
        return PlatformCurrency.from_model(currency) if currency else None

    @strawberry.field(description="Currencies open to exchange, by code, with their rates.")
    async def exchange_currencies(self, info: Info) -> list[ExchangeCurrency]:
        require_signed_in(info)
        return [
            ExchangeCurrency.from_listed(item) for item in await platform_currency.list_listings()
        ]

    @strawberry.field(description="A currency's rate history, newest first. Operators.")
    async def exchange_rates(self, info: Info, code: str) -> list[ExchangeRate]:
        require_operator(info)
        return [
            ExchangeRate.from_model(rate) for rate in await platform_currency.rate_history(code)
        ]

    @strawberry.field(description="This merchant's PLAT treasury. Staff.")
    async def platform_treasury(self, info: Info) -> PlatformTreasury:
        tenant_id = require_staff(info, StaffRole.VIEWER).tenant_id
        return _treasury(await treasury.treasury_balance(tenant_id))

    @strawberry.field(description="This merchant's exchange opt-in. Staff.")
    async def exchange_settings(self, info: Info) -> ExchangeSettings:
        tenant_id = require_staff(info, StaffRole.VIEWER).tenant_id
        return ExchangeSettings.from_model(await platform_currency.get_exchange_settings(tenant_id))

    @strawberry.field(description="The member's platform (PLAT) wallet; null when not linked.")
    async def platform_wallet(self, info: Info) -> Wallet | None:
        member = require_member(info)
        wallet = await links.platform_wallet(member.tenant_id, member.member_id)
        return Wallet.from_view(wallet) if wallet else None
