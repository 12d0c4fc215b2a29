"""Ledger use cases: open a tenant's books, post journals (one or a batch), read wallets.

Each batch is one database transaction in the tenant's scope (`batch.apply_batch`): one
journal's refusal does not undo the others. Deadlocks and serialization failures retry the whole
transaction a bounded number of times. `post_journal` outside a transaction joins the process's
group commit (`batcher`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from app.core.db import inside_transaction, tenant_scope, with_retries
from app.core.idempotency import valid_key
from app.core.metrics import POINTS, TRANSFERS
from app.ledger.accounts import HOT_KIND_SLOTS, MAX_AMOUNT, TENANT_SYSTEM_KINDS
from app.ledger.batch import apply_batch
from app.ledger.batcher import GroupCommit
from app.ledger.books import Books
from app.ledger.commands import Command
from app.ledger.currencies import MAX_CURRENCY_NAME, CurrencySpec, validate_currency
from app.ledger.errors import LedgerError, LedgerErrorCode
from app.ledger.hooks import points_earned
from app.ledger.leaderboard import record_earned
from app.ledger.models import Account, Currency, PointsPolicy
from app.ledger.policy import ExpiryKind, ExpiryPolicy, PointsRules, RestoreRule
from app.ledger.requests import JournalRequest, JournalResult
from app.ledger.validation import validate
from app.ledger.valuation import record_first_value


async def open_tenant_books(
    tenant_id: UUID, spec: CurrencySpec, platform: bool = False
) -> Currency:
    """Create the tenant's point currency, system accounts and policy; call in its scope. The
    platform's books (`platform`: PLAT) are opened the same way under the platform's id."""
    spec = validate_currency(spec, platform=platform)
    currency = await Currency.create(
        tenant_id=tenant_id,
        code=spec.code,
        name=spec.name,
        fiat_currency=spec.fiat_currency,
        fiat_minor_units=spec.fiat_minor_units,
        points_per_unit=spec.points_per_fiat_unit,
    )
    await Account.bulk_create(
        [
            Account(
                tenant_id=tenant_id,
                currency_id=currency.id,
                kind=kind,
                owner_id=tenant_id,
                slot=slot,
            )
            for kind in TENANT_SYSTEM_KINDS
            for slot in range(HOT_KIND_SLOTS.get(kind, 1))
        ]
    )
    await PointsPolicy.create(tenant_id=tenant_id)
    if not platform:
        await record_first_value(currency)
    return currency


async def tenant_currency(tenant_id: UUID) -> Currency | None:
    """The tenant's own point currency; call in the tenant's scope."""
    return await Currency.get_or_none(tenant_id=tenant_id)


async def get_tenant_currency(tenant_id: UUID) -> Currency | None:
    """The tenant's own point currency, read in the tenant's scope."""
    async with tenant_scope(tenant_id):
        return await tenant_currency(tenant_id)


def currency_name(name: str) -> str:
    """A point currency's display name, trimmed: 1-100 characters, or INVALID_CURRENCY."""
    name = name.strip()
    if not 1 <= len(name) <= MAX_CURRENCY_NAME:
        raise LedgerError(
            LedgerErrorCode.INVALID_CURRENCY,
            f"Name must be 1-{MAX_CURRENCY_NAME} characters.",
            "currencyName",
        )
    return name


async def rename_currency(tenant_id: UUID, name: str) -> None:
    """The merchant renames its points (咖啡豆 -> 咖啡积分); the code, the value and every
    balance stay. Joins the caller's transaction if there is one."""
    name = currency_name(name)
    async with tenant_scope(tenant_id):
        await Currency.filter(tenant_id=tenant_id).update(name=name)


async def post_journal(tenant_id: UUID, request: JournalRequest) -> JournalResult:
    """Apply one journal; a LedgerError when refused (stored, if keyed, for replays). Outside a
    transaction it joins the tenant's next group commit; inside one, it is part of that."""
    if inside_transaction():
        outcome = (await post_journals(tenant_id, [request]))[0]
    else:
        outcome = await GROUP_COMMIT.post(tenant_id, request)
    if isinstance(outcome, LedgerError):
        raise outcome
    return outcome


async def post_journals(
    tenant_id: UUID, requests: list[JournalRequest]
) -> list[JournalResult | LedgerError]:
    """Apply journals in one transaction, each all-or-nothing on its own; one outcome per
    request, in order. Malformed requests are refused without touching the database."""
    outcomes: list[JournalResult | LedgerError | None] = [_malformed(r) for r in requests]
    valid = [
        request for request, outcome in zip(requests, outcomes, strict=True) if outcome is None
    ]
    keyed = all(request.idempotency_key is not None for request in valid)
    posting = with_retries(lambda: _post_all(tenant_id, valid), idempotent=keyed) if valid else None
    applied = iter(await posting if posting else [])
    results = [outcome if outcome is not None else next(applied) for outcome in outcomes]
    earned: dict[UUID, int] = {}
    for request, result in zip(requests, results, strict=True):
        if isinstance(result, JournalResult) and not result.replayed:
            _count(request.command)
            for member, points in result.earned.items():
                earned[member] = earned.get(member, 0) + points
    if earned:
        await record_earned(tenant_id, earned)
    return results


def _count(command: Command) -> None:
    TRANSFERS.labels(command.code).inc()
    amount = getattr(command, "amount", None)
    if amount:
        POINTS.labels(command.code).inc(amount)


def _malformed(request: JournalRequest) -> LedgerError | None:
    if request.idempotency_key is not None and not valid_key(request.idempotency_key):
        return LedgerError(
            LedgerErrorCode.INVALID_INPUT,
            "idempotencyKey must be 1-200 printable characters.",
            "idempotencyKey",
        )
    try:
        validate(request.command)
    except LedgerError as refusal:
        return refusal
    return None


async def _post_all(
    tenant_id: UUID, requests: list[JournalRequest]
) -> list[JournalResult | LedgerError]:
    async with tenant_scope(tenant_id) as connection:
        currency_id, code, policy = await books_setup(connection, tenant_id)
        books = Books(connection, tenant_id, currency_id, code)
        outcomes = await apply_batch(connection, books, policy, requests)
        earned: dict[UUID, int] = {}
        reasons: dict[UUID, str] = {}
        for request, outcome in zip(requests, outcomes, strict=True):
            if isinstance(outcome, JournalResult):
                for member, points in outcome.earned.items():
                    earned[member] = earned.get(member, 0) + points
                    reasons[member] = getattr(request.command, "reason", "") or "Qualified"
        await points_earned(tenant_id, earned, reasons)
        return outcomes


async def books_setup(
    connection: BaseDBAsyncClient, tenant_id: UUID
) -> tuple[UUID, str, PointsRules]:
    rows = await connection.execute_query_dict(
        "SELECT c.id AS currency_id, c.code AS currency_code, t.time_zone, p.* FROM currency c"
        " JOIN points_policy p ON p.tenant_id = c.tenant_id JOIN tenant t ON t.id = c.tenant_id"
        " WHERE c.tenant_id = $1",
        [tenant_id],
    )
    row = rows[0]
    return UUID(str(row["currency_id"])), row["currency_code"], rules_from_row(row)


def rules_from_row(row: dict[str, Any]) -> PointsRules:
    expiry = ExpiryPolicy(
        ExpiryKind(row["expiry_kind"]),
        row["expiry_days"],
        row["expiry_months"],
        row["clearing_month"],
        row["clearing_day"],
    )
    reminders = row["reminder_days"]
    return PointsRules(
        expiry,
        RestoreRule(row["restore_rule"]),
        row["member_transfers_enabled"],
        row["member_transfer_daily_cap"],
        tuple(json.loads(reminders) if isinstance(reminders, str) else reminders),
        row.get("time_zone") or "Asia/Shanghai",
    )


async def get_points_rules(tenant_id: UUID) -> PointsRules:
    async with tenant_scope(tenant_id) as connection:
        return (await books_setup(connection, tenant_id))[2]


async def update_points_rules(tenant_id: UUID, rules: PointsRules) -> PointsRules:
    """Replace the tenant's points policy; it applies to lots opened from now on."""
    rules.expiry.validated()
    reminder_days = rules.validated_reminders()
    if not 0 <= rules.member_transfer_daily_cap <= MAX_AMOUNT:
        raise LedgerError(
            LedgerErrorCode.INVALID_POLICY,
            "The daily cap must be 0 or more.",
            "memberTransferDailyCap",
        )
    saved = replace(rules, reminder_days=reminder_days)
    async with tenant_scope(tenant_id):
        await PointsPolicy.filter(tenant_id=tenant_id).update(**saved.columns())
    return saved


# The process's group commit (its size and parallelism are settings, `configure_group_commit`).
GROUP_COMMIT = GroupCommit(post_journals)


def configure_group_commit(size: int, flushes: int) -> None:
    GROUP_COMMIT.size = size
    GROUP_COMMIT.flushes = flushes
