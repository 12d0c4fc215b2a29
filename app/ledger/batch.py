"""A batch of journals inside one tenant's transaction: group commit's database half.

Awards from ISSUANCE and deductions go through `ledger_batch` (migration 0040): one statement
claims their idempotency keys, opens and locks their wallets in id order, and applies them in
arrival order, checking each before it writes, so a refusal needs no savepoint. Every other
command, and every command of a member whose wallet needs tidying first (expired lots, timed-out
holds), runs through the journal code (`journals.apply`) after that statement, one savepoint per
journal, under the key the statement claimed for it. Each request gets the outcome, and leaves
the stored idempotency record, that posting it alone would have.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from app.core.idempotency import (
    KeyReusedError,
    answered,
    finish_records,
    key_reused,
    refused_outcome,
    request_hash,
    run_claimed,
    stored_outcome,
)
from app.ledger.accounts import AccountKind
from app.ledger.books import Balance, Books, metadata_json
from app.ledger.commands import (
    Award,
    Command,
    Deduct,
    FundTreasury,
    MemberTransfer,
    MerchantContribution,
    PendingAward,
)
from app.ledger.errors import LedgerError, LedgerErrorCode
from app.ledger.journals import SPEND_SINKS, Context, apply
from app.ledger.policy import PointsRules, lot_expiry
from app.ledger.requests import JournalRequest, JournalResult
from app.ledger.validation import balance_limit, insufficient, member_blocked, no_such_member
from app.webhooks.events import emit, emit_many

LEDGER_BATCH = "SELECT * FROM ledger_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"

AWARD, DEDUCT, SLOW = "AWARD", "DEDUCT", "SLOW"

Outcome = JournalResult | LedgerError


@dataclass(frozen=True)
class _Plan:
    """How one request goes: AWARD or DEDUCT in the batch statement (from or to `account`),
    or SLOW through the journal code."""

    kind: str
    member: UUID | None = None
    account: UUID | None = None
    expires_at: datetime | None = None


async def apply_batch(
    connection: BaseDBAsyncClient, books: Books, rules: PointsRules, requests: list[JournalRequest]
) -> list[Outcome]:
    """Apply `requests` (valid ones) in the caller's tenant transaction; one outcome each, in
    order."""
    spread = next((r.spread_key for r in requests if r.spread_key is not None), None)
    if spread is None:
        spread = random.randrange(1 << 16)  # noqa: S311 - spreading, not secrecy
    plans = await _plans(books, rules, requests, spread)
    hashes = [_fingerprint(r) if r.idempotency_key is not None else None for r in requests]
    commands = [r.command for r in requests]
    rows = await connection.execute_query_dict(
        LEDGER_BATCH,
        [
            books.tenant_id,
            books.currency_id,
            [plan.kind for plan in plans],
            [plan.member for plan in plans],
            [getattr(command, "amount", 0) for command in commands],
            [plan.account for plan in plans],
            [r.idempotency_key for r in requests],
            hashes,
            [command.code for command in commands],
            [getattr(command, "reason", "") for command in commands],
            [r.actor for r in requests],
            [metadata_json(getattr(command, "metadata", {})) for command in commands],
            [plan.expires_at for plan in plans],
        ],
    )
    outcomes: list[Outcome | None] = [None] * len(requests)
    stored: list[tuple[int, str, dict[str, Any]]] = []
    events: list[tuple[str, dict[str, Any]]] = []
    for i, (request, plan, row) in enumerate(zip(requests, plans, rows, strict=True)):
        state, record = row["o_state"], row["o_record"]
        if state == "APPLIED":
            response = _applied_response(request, plan, row)
            command = request.command
            earned = {command.member_id: command.amount} if isinstance(command, Award) else {}
            outcomes[i] = replace(JournalResult.from_response(response, False), earned=earned)
            events.append(_event(books, request.command, response["journal_id"]))
            if record is not None:
                stored.append((record, "OK", response))
        elif state == "REFUSED":
            refusal = _refusal(row, request.command)
            outcomes[i] = refusal
            if record is not None:
                stored.append((record, "REJECTED", refused_outcome(refusal)))
        elif state == "STORED":
            outcomes[i] = _replay(row, hashes[i])
    await finish_records(connection, stored)
    await emit_many(books.tenant_id, events)
    for i, (request, row) in enumerate(zip(requests, rows, strict=True)):
        if row["o_state"] == "SLOW":
            ctx = Context(books, request.actor, rules, spread)
            outcomes[i] = await _post_slowly(connection, ctx, request, row["o_record"])
    for i, row in enumerate(rows):
        if row["o_state"] == "DUPLICATE":
            first = row["o_first"] - 1
            outcomes[i] = _duplicate(outcomes[first], hashes[first] == hashes[i])
    decided = [outcome for outcome in outcomes if outcome is not None]
    if len(decided) != len(requests):
        raise RuntimeError("ledger_batch left a journal without an outcome")
    return decided


async def _plans(
    books: Books, rules: PointsRules, requests: list[JournalRequest], spread: int
) -> list[_Plan]:
    """AWARD / DEDUCT where the batch statement does exactly what the journal code would, SLOW
    otherwise, and for every command of a member some SLOW command touches (arrival order).
    A command that touches wallets it does not name (a hold's or a spend's) makes the whole
    batch SLOW."""
    plans = [await _plan(books, rules, r, spread) for r in requests]
    slow_members: set[UUID] = set()
    for request, plan in zip(requests, plans, strict=True):
        if plan.kind == SLOW:
            members = _members(request.command)
            if members is None:
                return [_Plan(SLOW)] * len(requests)
            slow_members |= members
    return [_Plan(SLOW) if plan.member in slow_members else plan for plan in plans]


async def _plan(books: Books, rules: PointsRules, request: JournalRequest, spread: int) -> _Plan:
    command = request.command
    if request.currency is not None and request.currency != books.currency_code:
        return _Plan(SLOW)
    if (
        isinstance(command, Award)
        and command.source is AccountKind.ISSUANCE
        and command.treasury_owner is None
        # An expiry already past is refused by the journal itself (`journals._award`).
        and (command.expires_at is None or command.expires_at > datetime.now(UTC))
    ):
        expires_at = command.expires_at or lot_expiry(rules.expiry, datetime.now(UTC), rules.zone)
        source = await books.system(AccountKind.ISSUANCE, spread)
        return _Plan(AWARD, command.member_id, source, expires_at)
    if isinstance(command, Deduct) and command.sink in SPEND_SINKS:
        return _Plan(DEDUCT, command.member_id, await books.system(command.sink, spread))
    return _Plan(SLOW)


def _members(command: Command) -> set[UUID] | None:
    """The members whose wallets `command` touches; None when it cannot say without reading
    (a hold or a spend named by id)."""
    if isinstance(command, MemberTransfer):
        return {command.from_member_id, command.to_member_id}
    if isinstance(command, MerchantContribution | FundTreasury):
        return set()
    member: UUID | None = getattr(command, "member_id", None)
    return None if member is None else {member}


def _fingerprint(request: JournalRequest) -> str:
    return request_hash(
        type(request.command).__name__, vars(request.command) | {"currency": request.currency}
    )


def _applied_response(request: JournalRequest, plan: _Plan, row: dict[str, Any]) -> dict[str, Any]:
    response: dict[str, Any] = {
        "journal_id": str(row["o_journal"]),
        "transfer_id": str(row["o_transfer"]),
    }
    if request.report_balances:
        balance = Balance(row["o_posted"], row["o_pending_dr"], row["o_pending_cr"])
        response["wallets"] = {str(plan.member): balance.as_json()}
    return response


def _refusal(row: dict[str, Any], command: Command) -> LedgerError:
    code = LedgerErrorCode(row["o_code"])
    if code is LedgerErrorCode.MEMBER_NOT_FOUND:
        return no_such_member("memberId")
    if code is LedgerErrorCode.MEMBER_BLOCKED:
        return member_blocked("memberId")
    if code is LedgerErrorCode.INSUFFICIENT_POINTS:
        return insufficient(row["o_available"], getattr(command, "amount", 0))
    return balance_limit()


def _replay(row: dict[str, Any], fingerprint: str | None) -> Outcome:
    """The committed outcome of a key another transaction claimed first."""
    try:
        outcome = stored_outcome(
            fingerprint or "", row["o_stored_hash"], row["o_stored_outcome"],
            row["o_stored_response"],
        )  # fmt: skip
        return JournalResult.from_response(answered(outcome, LedgerError).response, True)
    except KeyReusedError:
        return key_reused(LedgerError)
    except LedgerError as refusal:
        return refusal


def _duplicate(first: Outcome | None, same_request: bool) -> Outcome:
    """A key's second use inside the batch: the first one's outcome, replayed."""
    if not same_request:
        return key_reused(LedgerError)
    if isinstance(first, JournalResult):
        return replace(first, replayed=True, earned={})
    if first is None:
        raise RuntimeError("a key's first use is decided before its duplicates")
    return LedgerError(first.code, first.message, first.field)


async def _post_slowly(
    connection: BaseDBAsyncClient, ctx: Context, request: JournalRequest, record: int | None
) -> Outcome:
    """One journal through the journal code, under its savepoint (and its claimed key)."""

    async def effect() -> dict[str, Any]:
        books = ctx.books
        if request.currency is not None and request.currency != books.currency_code:
            raise LedgerError(
                LedgerErrorCode.WRONG_CURRENCY,
                f"This merchant's points are {books.currency_code}.",
                "currency",
            )
        response = await apply(ctx, request.command)
        await _emit_webhook_events(ctx, request.command, response)
        if request.report_balances:
            response["wallets"] = {
                str(member): (await books.balance(wallet)).as_json()
                for member, wallet in ctx.wallets.items()
            }
        return response

    try:
        if record is None:
            async with in_transaction():
                response = await effect()
        else:
            response = answered(await run_claimed(connection, record, effect), LedgerError).response
    except LedgerError as refusal:
        return refusal
    return replace(JournalResult.from_response(response, False), earned=ctx.earned)


def _event(books: Books, command: Command, journal_id: str) -> tuple[str, dict[str, Any]]:
    """A journal's points.earned or points.deducted webhook event."""
    kind = "points.deducted" if isinstance(command, Deduct) else "points.earned"
    data = {
        "member_id": str(getattr(command, "member_id", "")),
        "amount": getattr(command, "amount", 0),
        "currency": books.currency_code,
        "code": command.code,
        "reason": getattr(command, "reason", ""),
        "journal_id": journal_id,
    }
    return kind, data


async def _emit_webhook_events(ctx: Context, command: Command, response: dict[str, Any]) -> None:
    """The webhook events of a journal, in its transaction: points earned or deducted, and
    points that expired while it tidied a wallet."""
    currency = ctx.books.currency_code
    for member, points, journal_id in ctx.expired:
        expired = {"member_id": str(member), "amount": points, "journal_id": str(journal_id)}
        await emit(ctx.books.tenant_id, "points.expired", expired | {"currency": currency})
    if isinstance(command, Award | PendingAward | Deduct) and response.get("journal_id"):
        await emit_many(ctx.books.tenant_id, [_event(ctx.books, command, response["journal_id"])])
