"""executeExchange: carry out a quote at its locked rates."""

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
from schema.ids import parse_id
from schema.permissions import MEMBER, actor_of, member_of, mutation


@strawberry.input
class ExecuteExchangeInput:
    quote_id: strawberry.ID
    idempotency_key: str


@mutation(
    MEMBER,
    "Carry out a quote at its locked rates, in every ledger involved, all or nothing; once per "
    "quote, idempotent by key. Errors: QUOTE_NOT_FOUND, QUOTE_EXPIRED, QUOTE_ALREADY_EXECUTED, "
    "INSUFFICIENT_POINTS, DAILY_CAP_REACHED, EXCHANGE_DISABLED, NOT_LINKED, MEMBER_BLOCKED, "
    "IDEMPOTENCY_KEY_REUSED.",
)
async def resolve(info: Info, input: ExecuteExchangeInput) -> ExchangeQuotePayload:
    member = member_of(info)
    try:
        executed = await service.execute_exchange(
            member.tenant_id,
            member.member_id,
            parse_id(input.quote_id),
            input.idempotency_key,
            actor_of(info),
        )
    except ExchangeError as error:
        return ExchangeQuotePayload(user_errors=exchange_errors(error))
    return ExchangeQuotePayload(
        quote=ExchangeQuote.from_model(executed.quote), replayed=executed.replayed
    )
