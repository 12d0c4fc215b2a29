"""Quotes and their execution: points leave one ledger and arrive in another, through PLAT.

Executing a quote is one database transaction: the quote is claimed (one winner), the member's
daily cap checked under a per-member lock, then one journal in each ledger touched (in tenant-id
order, so two exchanges crossing the same ledgers in opposite directions never deadlock), then
the obligations. Any refusal rolls all of it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from tortoise.functions import Sum

from app.core.clock import local_day_start, utcnow
from app.core.db import tenant_scope, with_retries
from app.core.idempotency import KeyedRequest, applied_once, request_hash, valid_key
from app.core.platform_tenant import PLATFORM_TENANT_ID
from app.exchange.errors import ExchangeError, ExchangeErrorCode
from app.exchange.links import linked, member_at
from app.exchange.models import ExchangeQuote, QuoteStatus
from app.exchange.platform_currency import (
    PLAT_SIDE,
    exchange_settings,
    listed,
    plat_minor_value,
    require_platform_currency,
)
from app.exchange.pricing import Side, decimal_text, price
from app.ledger.accounts import MAX_AMOUNT, AccountKind
from app.ledger.commands import Award, Deduct
from app.ledger.currencies import PLATFORM_CODE
from app.ledger.errors import LedgerError, into_domain
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from app.settlement.obligations import Crossing, record_obligations
from app.webhooks.events import emit
from tenants.clock import zone_of

QUOTE_TTL_SECONDS = 120


@dataclass(frozen=True)
class QuoteRequest:
    tenant_id: UUID
    member_id: UUID
    from_code: str
    to_code: str
    amount: int


@dataclass(frozen=True)
class Leg:
    """Where one side of an exchange sits: whose ledger, which member, which listing."""

    ledger_id: UUID
    member_id: UUID
    side: Side
    merchant_id: UUID | None


@dataclass(frozen=True)
class Executed:
    quote: ExchangeQuote
    journal_ids: list[UUID]
    replayed: bool


async def quote_exchange(request: QuoteRequest) -> ExchangeQuote:
    """Price an exchange for the member at the rates in force, valid for two minutes."""
    if not 0 < request.amount <= MAX_AMOUNT:
        raise ExchangeError(
            ExchangeErrorCode.INVALID_INPUT, f"Amount must be 1 to {MAX_AMOUNT}.", "amount"
        )
    from_code, to_code = request.from_code.strip().upper(), request.to_code.strip().upper()
    if from_code == to_code:
        raise ExchangeError(
            ExchangeErrorCode.SAME_CURRENCY, "Pick two different currencies.", "toCurrency"
        )
    async with tenant_scope(PLATFORM_TENANT_ID):
        plat = await require_platform_currency()
        link = await linked(request.tenant_id, request.member_id)
        customer_id = link.customer_id if link else None
        source = await _leg(request, from_code, customer_id, "fromCurrency")
        target = await _leg(request, to_code, customer_id, "toCurrency")
        if source.merchant_id not in (None, request.tenant_id):
            raise ExchangeError(
                ExchangeErrorCode.INVALID_INPUT,
                "Exchange from this merchant's points or from platform points.",
                "fromCurrency",
            )
    await _check_opt_in(source, target)
    priced = price(request.amount, source.side, target.side, plat_minor_value(plat))
    if priced.amount_out < 1:
        raise ExchangeError(
            ExchangeErrorCode.AMOUNT_TOO_SMALL, "That amount buys less than one point.", "amount"
        )
    async with tenant_scope(PLATFORM_TENANT_ID):
        from_listed = await listed(from_code) if source.merchant_id else None
        to_listed = await listed(to_code) if target.merchant_id else None
        return await ExchangeQuote.create(
            tenant_id=PLATFORM_TENANT_ID,
            merchant_id=request.tenant_id,
            member_id=request.member_id,
            customer_id=customer_id,
            from_code=from_code,
            to_code=to_code,
            amount_in=priced.amount_in,
            amount_out=priced.amount_out,
            from_rate_id=from_listed.rate.id if from_listed and from_listed.rate else None,
            to_rate_id=to_listed.rate.id if to_listed and to_listed.rate else None,
            value_in_minor=priced.value_in_minor,
            value_out_minor=priced.value_out_minor,
            fee_minor=priced.fee_minor,
            fiat_currency=plat.fiat_currency,
            terms={
                "rate": decimal_text(priced.rate),
                "exact_out": str(priced.exact_out),
                "value_in": str(priced.value_in),
                "value_out": str(priced.value_out),
                "from": [str(source.side.plat_per_point), source.side.spread_bps],
                "to": [str(target.side.plat_per_point), target.side.spread_bps],
                "from_version": from_listed.rate.version
                if from_listed and from_listed.rate
                else None,
                "to_version": to_listed.rate.version if to_listed and to_listed.rate else None,
            },
            expires_at=utcnow() + timedelta(seconds=QUOTE_TTL_SECONDS),
        )


async def _leg(request: QuoteRequest, code: str, customer_id: UUID | None, field: str) -> Leg:
    """Resolve a currency code to the ledger and member it moves; platform scope."""
    if code == PLATFORM_CODE:
        if customer_id is None:
            raise ExchangeError(
                ExchangeErrorCode.NOT_LINKED, "Link a platform wallet first.", field
            )
        return Leg(PLATFORM_TENANT_ID, customer_id, PLAT_SIDE, None)
    found = await listed(code)
    if found is None:
        raise ExchangeError(ExchangeErrorCode.UNKNOWN_CURRENCY, f"No currency {code}.", field)
    merchant_id = found.listing.merchant_id
    if merchant_id == request.tenant_id:
        return Leg(merchant_id, request.member_id, found.side(), merchant_id)
    member_id = await member_at(merchant_id, customer_id) if customer_id else None
    if member_id is None:
        raise ExchangeError(
            ExchangeErrorCode.NOT_LINKED,
            f"Link your {code} membership to your platform wallet first.",
            field,
        )
    return Leg(merchant_id, member_id, found.side(), merchant_id)


async def _check_opt_in(source: Leg, target: Leg) -> None:
    for leg, direction in ((source, "out"), (target, "in")):
        if leg.merchant_id is None:
            continue
        async with tenant_scope(leg.merchant_id):
            settings = await exchange_settings(leg.merchant_id)
        if not (settings.exchange_out if direction == "out" else settings.exchange_in):
            raise ExchangeError(
                ExchangeErrorCode.EXCHANGE_DISABLED,
                f"{leg.side.code} does not take part in exchange {direction} now.",
                "fromCurrency" if direction == "out" else "toCurrency",
            )


async def execute_exchange(
    tenant_id: UUID, member_id: UUID, quote_id: UUID, idempotency_key: str, actor: str
) -> Executed:
    """Carry out the quote once; the same key replays the first outcome."""
    if not valid_key(idempotency_key):
        raise ExchangeError(
            ExchangeErrorCode.INVALID_INPUT,
            "idempotencyKey must be 1-200 printable characters.",
            "idempotencyKey",
        )
    fingerprint = request_hash("executeExchange", {"quote": str(quote_id)})
    keyed = KeyedRequest(PLATFORM_TENANT_ID, actor, idempotency_key, fingerprint)

    async def attempt() -> Executed:
        async with tenant_scope(PLATFORM_TENANT_ID) as connection:
            applied = await applied_once(
                connection, keyed, lambda: _execute(tenant_id, member_id, quote_id), ExchangeError
            )
            quote = await ExchangeQuote.get(id=quote_id)
            journals = [UUID(journal) for journal in applied.response["journals"]]
            return Executed(quote, journals, applied.replayed)

    return await with_retries(attempt, idempotent=True)


async def _execute(tenant_id: UUID, member_id: UUID, quote_id: UUID) -> dict[str, Any]:
    quote = await _claim(tenant_id, member_id, quote_id)
    link = await linked(tenant_id, member_id, lock=True)
    customer_id = link.customer_id if link else None
    request = QuoteRequest(tenant_id, member_id, quote.from_code, quote.to_code, quote.amount_in)
    source = await _leg(request, quote.from_code, customer_id, "quoteId")
    target = await _leg(request, quote.to_code, customer_id, "quoteId")
    await _check_opt_in(source, target)
    await _check_daily_cap(source, quote)
    journals: dict[str, UUID] = {}
    for leg in sorted((source, target), key=lambda leg: leg.ledger_id.int):
        outgoing = leg is source
        journals["from" if outgoing else "to"] = await _post_leg(leg, quote, outgoing)
    async with tenant_scope(PLATFORM_TENANT_ID):
        await record_obligations(
            Crossing(
                quote.id,
                quote.fiat_currency,
                source.merchant_id,
                target.merchant_id,
                quote.value_in_minor,
                quote.value_out_minor,
                journals["from"],
                journals["to"],
            )
        )
    async with tenant_scope(tenant_id):
        completed = {
            "quote_id": str(quote.id),
            "member_id": str(member_id),
            "from_currency": quote.from_code,
            "to_currency": quote.to_code,
            "amount_in": quote.amount_in,
            "amount_out": quote.amount_out,
        }
        await emit(tenant_id, "exchange.completed", completed)
    return {"quote_id": str(quote.id), "journals": [str(j) for j in journals.values()]}


async def _claim(tenant_id: UUID, member_id: UUID, quote_id: UUID) -> ExchangeQuote:
    """Mark the quote executed; exactly one caller wins. Platform scope."""
    now = utcnow()
    claimed = await ExchangeQuote.filter(
        id=quote_id,
        merchant_id=tenant_id,
        member_id=member_id,
        status=QuoteStatus.OPEN,
        expires_at__gt=now,
    ).update(status=QuoteStatus.EXECUTED, executed_at=now)
    quote = await ExchangeQuote.get_or_none(id=quote_id, merchant_id=tenant_id, member_id=member_id)
    if quote is None:
        raise ExchangeError(ExchangeErrorCode.QUOTE_NOT_FOUND, "No such quote.", "quoteId")
    if not claimed:
        if quote.status is QuoteStatus.EXECUTED:
            raise ExchangeError(
                ExchangeErrorCode.QUOTE_ALREADY_EXECUTED, "This quote was executed.", "quoteId"
            )
        raise ExchangeError(ExchangeErrorCode.QUOTE_EXPIRED, "This quote expired.", "quoteId")
    return quote


async def _check_daily_cap(source: Leg, quote: ExchangeQuote) -> None:
    """At most the source merchant's cap leaves per member in the merchant's day; the member's
    exchanges queue on an advisory lock so two cannot both fit under the cap."""
    if source.merchant_id is None:
        return
    async with tenant_scope(source.merchant_id):
        cap = (await exchange_settings(source.merchant_id)).member_daily_cap
    if cap is None:
        return
    async with tenant_scope(PLATFORM_TENANT_ID) as connection:
        await connection.execute_query(
            "SELECT pg_advisory_xact_lock(hashtext('exchange_cap:' || $1::text))",
            [str(source.member_id)],
        )
        rows = (
            await ExchangeQuote.filter(
                merchant_id=quote.merchant_id,
                member_id=quote.member_id,
                from_code=quote.from_code,
                status=QuoteStatus.EXECUTED,
                executed_at__gte=local_day_start(utcnow(), await zone_of(source.merchant_id)),
            )
            .annotate(total=Sum("amount_in"))
            .values("total")
        )
    if int(rows[0]["total"] or 0) > cap:
        raise ExchangeError(
            ExchangeErrorCode.DAILY_CAP_REACHED,
            f"At most {cap} {quote.from_code} points a day can be exchanged.",
            "quoteId",
        )


async def _post_leg(leg: Leg, quote: ExchangeQuote, outgoing: bool) -> UUID:
    reason = f"Exchange {quote.from_code} -> {quote.to_code}"
    metadata = {"quote_id": str(quote.id)}
    command: Award | Deduct = (
        Deduct(
            leg.member_id,
            quote.amount_in,
            reason,
            code="EXCHANGE_OUT",
            metadata=metadata,
            sink=AccountKind.EXCHANGE_CLEARING,
        )
        if outgoing
        else Award(
            leg.member_id,
            quote.amount_out,
            reason,
            code="EXCHANGE_IN",
            metadata=metadata,
            source=AccountKind.EXCHANGE_CLEARING,
        )
    )
    actor = f"exchange:{quote.id}"
    try:
        result = await post_journal(
            leg.ledger_id, JournalRequest(command, actor, report_balances=False)
        )
    except LedgerError as error:
        raise into_domain(error, ExchangeError, "quoteId") from error
    assert result.journal_id is not None  # noqa: S101 - a posted journal has an id
    return result.journal_id
