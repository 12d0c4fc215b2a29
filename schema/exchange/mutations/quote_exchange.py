"""quoteExchange: price an exchange at the rates in force."""

from __future__ import annotations

import strawberry

from app.exchange import service
from app.exchange.errors import ExchangeError
from schema.context import Info
from schema.exchange.types import (
    ExchangeQuote,
    ExchangeQuotePayload,
    exchange_errors,
)
from schema.permissions import MEMBER, member_of, mutation
from schema.scalars import Points


@strawberry.input
class QuoteExchangeInput:
    from_currency: str = strawberry.field(description="This merchant's code, or PLAT.")
    to_currency: str
    amount: Points


@mutation(
    MEMBER,
    "Price an exchange at the rates in force; the quote holds for two minutes. Errors: "
    "UNKNOWN_CURRENCY, SAME_CURRENCY, NOT_LINKED, EXCHANGE_DISABLED, NO_RATE, AMOUNT_TOO_SMALL,"
    " PLATFORM_NOT_CONFIGURED, INVALID_INPUT.",
)
async def resolve(info: Info, input: QuoteExchangeInput) -> ExchangeQuotePayload:
    member = member_of(info)
    request = service.QuoteRequest(
        member.tenant_id, member.member_id, input.from_currency, input.to_currency, input.amount
    )
    try:
        quote = await service.quote_exchange(request)
    except ExchangeError as error:
        return ExchangeQuotePayload(user_errors=exchange_errors(error))
    return ExchangeQuotePayload(quote=ExchangeQuote.from_model(quote))
