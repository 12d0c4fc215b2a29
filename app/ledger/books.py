"""One tenant's books inside one transaction: accounts, locks, transfers and lots, in SQL.

Every method runs on the caller's connection, inside a transaction whose tenant is set. Accounts
are locked in id order (`lock`), so two journals touching the same accounts queue instead of
deadlocking. Balances are changed by the `transfer_apply` trigger, never here.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from app.core.ids import uuid7
from app.ledger.accounts import AccountKind, Phase, slot_for
from app.ledger.lots import LotView, draw
from app.ledger.validation import balance_limit

# One journal and its transfer, and with POST_JOURNAL_AND_LOT the credit's lot, in one
# statement. Every part is an INSERT ... VALUES of ids made here (no part reads another's
# rows): Citus routes such a statement to the tenant's shard whole, where an INSERT ... SELECT
# would be sent through the coordinator as a COPY, which row-level security refuses.
_JOURNAL = (
    "INSERT INTO journal (id, tenant_id, code, reason, actor, metadata, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, now())"
)
_TRANSFER = (
    "INSERT INTO transfer (id, tenant_id, journal_id, currency_id, debit_account_id,"
    " credit_account_id, amount, phase, pending_id, expires_at, code, created_at)"
    " VALUES ($7, $2, $1, $8, $9, $10, $11, $12, $13, now() + make_interval(secs => $14::int),"
    " $3, now())"
)
_LOT = (
    "INSERT INTO lot (id, tenant_id, wallet_id, amount, remaining, reserved, expires_at,"
    " earned_at, source_transfer_id) VALUES ($15, $2, $10, $11, $11, 0, $16, now(), $7)"
)
POST_JOURNAL = f"WITH j AS ({_JOURNAL}) {_TRANSFER}"
POST_JOURNAL_AND_LOT = f"WITH j AS ({_JOURNAL}), t AS ({_TRANSFER}) {_LOT}"
BALANCE_LIMIT_CHECK = "account_balance_limit_ck"


@dataclass(frozen=True)
class Balance:
    posted: int
    pending_dr: int
    pending_cr: int
    kind: AccountKind = AccountKind.MEMBER_WALLET

    @property
    def available(self) -> int:
        return self.posted - self.pending_dr

    def as_json(self) -> dict[str, int]:
        return {"posted": self.posted, "pending_dr": self.pending_dr, "pending_cr": self.pending_cr}


@dataclass(frozen=True)
class JournalHead:
    """Why points move and who moves them."""

    code: str
    reason: str
    actor: str
    metadata: dict[str, Any]


@dataclass(frozen=True)
class LotOpening:
    """The lot a credit to a member wallet opens."""

    expires_at: datetime | None


@dataclass(frozen=True)
class Posted:
    journal_id: UUID
    transfer_id: UUID

    def as_json(self) -> dict[str, str]:
        return {"journal_id": str(self.journal_id), "transfer_id": str(self.transfer_id)}


@dataclass(frozen=True)
class TransferRow:
    id: UUID
    debit_account_id: UUID
    credit_account_id: UUID
    amount: int
    phase: Phase
    expires_at: datetime | None


# Accounts the database keeps from going below zero (CHECK on account).
NO_OVERDRAFT_KINDS = frozenset({AccountKind.MEMBER_WALLET, AccountKind.TREASURY})

# Lots read per round trip while drawing points FIFO.
LOT_PAGE = 32

# System account ids by (tenant, currency, kind, slot): they are opened when a tenant signs up
# and never removed, so a committed id stays valid for the life of the process.
_system_accounts: dict[tuple[UUID, UUID, AccountKind, int], UUID] = {}


class Books:
    def __init__(
        self, connection: BaseDBAsyncClient, tenant_id: UUID, currency_id: UUID, currency_code: str
    ) -> None:
        self.connection = connection
        self.tenant_id = tenant_id
        self.currency_id = currency_id
        self.currency_code = currency_code

    async def _rows(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        return await self.connection.execute_query_dict(sql, list(args))

    async def account(self, kind: AccountKind, owner_id: UUID, spread_key: int = 0) -> UUID:
        """The id of an account, opened (empty) on first use."""
        slot = slot_for(kind, spread_key)
        rows = await self._rows(
            "WITH opened AS ("
            " INSERT INTO account (id, tenant_id, currency_id, kind, owner_id, slot, posted,"
            "  pending_dr, pending_cr, version, no_overdraft, created_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 0, 0, $7, now())"
            " ON CONFLICT (tenant_id, currency_id, kind, owner_id, slot) DO NOTHING RETURNING id)"
            " SELECT id FROM opened UNION ALL SELECT id FROM account WHERE tenant_id = $2"
            " AND currency_id = $3 AND kind = $4 AND owner_id = $5 AND slot = $6 LIMIT 1",
            uuid7(), self.tenant_id, self.currency_id, kind.value, owner_id, slot,
            kind in NO_OVERDRAFT_KINDS,
        )  # fmt: skip
        return UUID(str(rows[0]["id"]))

    async def member_wallet(self, member_id: UUID) -> tuple[UUID, str] | None:
        """The member's wallet id (opened on first use) and the member's status, in one
        statement; None when the tenant has no such member."""
        rows = await self._rows(
            "WITH m AS (SELECT id, status FROM member WHERE tenant_id = $2 AND id = $4),"
            " opened AS (INSERT INTO account (id, tenant_id, currency_id, kind, owner_id, slot,"
            "  posted, pending_dr, pending_cr, version, no_overdraft, created_at)"
            "  SELECT $1, $2, $3, 'MEMBER_WALLET', m.id, 0, 0, 0, 0, 0, true, now() FROM m"
            "  ON CONFLICT (tenant_id, currency_id, kind, owner_id, slot) DO NOTHING RETURNING id)"
            " SELECT m.status, coalesce((SELECT id FROM opened), (SELECT a.id FROM account a"
            "  WHERE a.tenant_id = $2 AND a.currency_id = $3 AND a.kind = 'MEMBER_WALLET'"
            "  AND a.owner_id = $4 AND a.slot = 0)) AS wallet_id FROM m",
            uuid7(), self.tenant_id, self.currency_id, member_id,
        )  # fmt: skip
        if not rows:
            return None
        wallet_id = rows[0]["wallet_id"]
        if wallet_id is None:
            # A concurrent first credit opened the wallet after this statement's snapshot.
            wallet_id = await self.account(AccountKind.MEMBER_WALLET, member_id)
        return UUID(str(wallet_id)), str(rows[0]["status"])

    async def system(self, kind: AccountKind, spread_key: int) -> UUID:
        """A slot of a system account; onboarding opens them all, so their ids can be cached."""
        key = (self.tenant_id, self.currency_id, kind, slot_for(kind, spread_key))
        cached = _system_accounts.get(key)
        if cached is None:
            await self._load_system_accounts()
            cached = _system_accounts.get(key)
        return cached or await self.account(kind, self.tenant_id, spread_key)

    async def _load_system_accounts(self) -> None:
        rows = await self._rows(
            "SELECT id, kind, slot FROM account WHERE tenant_id = $1 AND currency_id = $2"
            " AND owner_id = $1",
            self.tenant_id, self.currency_id,
        )  # fmt: skip
        for row in rows:
            key = (self.tenant_id, self.currency_id, AccountKind(row["kind"]), row["slot"])
            _system_accounts[key] = UUID(str(row["id"]))

    async def lock(self, *account_ids: UUID) -> dict[UUID, Balance]:
        """Lock accounts in id order (the only FOR UPDATE on accounts) and read their balances."""
        rows = await self._rows(
            "SELECT id, posted, pending_dr, pending_cr, kind FROM account"
            " WHERE tenant_id = $2 AND id = ANY($1::uuid[]) ORDER BY id FOR UPDATE",
            sorted(set(account_ids)),
            self.tenant_id,
        )
        return {
            UUID(str(row["id"])): Balance(
                row["posted"], row["pending_dr"], row["pending_cr"], AccountKind(row["kind"])
            )
            for row in rows
        }

    async def owner(self, account_id: UUID) -> UUID:
        rows = await self._rows(
            "SELECT owner_id FROM account WHERE tenant_id = $2 AND id = $1",
            account_id, self.tenant_id,
        )  # fmt: skip
        return UUID(str(rows[0]["owner_id"]))

    async def balance(self, account_id: UUID) -> Balance:
        rows = await self._rows(
            "SELECT posted, pending_dr, pending_cr FROM account WHERE tenant_id = $2 AND id = $1",
            account_id, self.tenant_id,
        )  # fmt: skip
        return Balance(rows[0]["posted"], rows[0]["pending_dr"], rows[0]["pending_cr"])

    async def post(
        self,
        head: JournalHead,
        debit: UUID,
        credit: UUID,
        amount: int,
        phase: Phase = Phase.SINGLE,
        pending_id: UUID | None = None,
        hold_seconds: int | None = None,
        lot: LotOpening | None = None,
    ) -> Posted:
        """Write a journal and its transfer in one statement (and the credit's lot, if given);
        the transfer trigger moves the balances and refuses what must never happen."""
        posted = Posted(uuid7(), uuid7())
        async with _within_limit():
            values = [
                posted.journal_id, self.tenant_id, head.code, head.reason, head.actor,
                metadata_json(head.metadata), posted.transfer_id, self.currency_id, debit,
                credit, amount, phase.value, pending_id, hold_seconds,
            ]  # fmt: skip
            if lot is None:
                await self.connection.execute_query(POST_JOURNAL, values)
            else:
                values += [uuid7(), lot.expires_at]
                await self.connection.execute_query(POST_JOURNAL_AND_LOT, values)
        return posted

    async def add_transfer(
        self, journal_id: UUID, debit: UUID, credit: UUID, amount: int, code: str
    ) -> UUID:
        """Another transfer in a journal `post` opened; it commits or fails with the journal."""
        transfer_id = uuid7()
        async with _within_limit():
            await self.connection.execute_query(
                "INSERT INTO transfer (id, tenant_id, journal_id, currency_id, debit_account_id,"
                " credit_account_id, amount, phase, code, created_at)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, 'SINGLE', $8, now())",
                [
                    transfer_id,
                    self.tenant_id,
                    journal_id,
                    self.currency_id,
                    debit,
                    credit,
                    amount,
                    code,
                ],
            )
        return transfer_id

    async def hold(self, hold_id: UUID) -> TransferRow | None:
        """A PENDING transfer and whether it is unresolved (None when resolved or unknown)."""
        rows = await self._rows(
            "SELECT id, debit_account_id, credit_account_id, amount, phase, expires_at"
            " FROM transfer t WHERE tenant_id = $2 AND id = $1 AND phase = 'PENDING'"
            " AND NOT EXISTS (SELECT 1 FROM transfer r WHERE r.tenant_id = $2"
            "  AND r.pending_id = t.id)",
            hold_id,
            self.tenant_id,
        )
        return _transfer_row(rows[0]) if rows else None

    async def spend(self, transfer_id: UUID) -> TransferRow | None:
        """A posted movement out of a member wallet (SINGLE or POST), which points can return to."""
        rows = await self._rows(
            "SELECT t.id, t.debit_account_id, t.credit_account_id, t.amount, t.phase, t.expires_at"
            " FROM transfer t JOIN account a ON a.tenant_id = t.tenant_id"
            "  AND a.id = t.debit_account_id"
            " WHERE t.tenant_id = $2 AND t.id = $1 AND t.phase IN ('SINGLE', 'POST')"
            " AND a.kind = 'MEMBER_WALLET'",
            transfer_id,
            self.tenant_id,
        )
        return _transfer_row(rows[0]) if rows else None

    async def restorable(self, spend_id: UUID) -> list[tuple[UUID, int]]:
        """Per lot, in FIFO order: points the spend consumed less what its returns gave back
        (a return booked as a fresh lot counts against the latest-expiring lots)."""
        rows = await self._rows(
            "WITH returns AS (SELECT t.id, t.amount FROM transfer t JOIN journal j"
            "  ON j.tenant_id = t.tenant_id AND j.id = t.journal_id"
            "  WHERE t.tenant_id = $3 AND j.tenant_id = $3"
            "  AND j.metadata->>'returns_transfer_id' = $2),"
            " taken AS (SELECT lot_id, sum(amount) AS n FROM lot_allocation"
            "  WHERE tenant_id = $3 AND transfer_id = $1 AND kind = 'CONSUME' GROUP BY lot_id),"
            " given AS (SELECT lot_id, sum(amount) AS n FROM lot_allocation"
            "  WHERE tenant_id = $3 AND transfer_id IN (SELECT id FROM returns)"
            "  AND kind = 'RESTORE' GROUP BY lot_id)"
            " SELECT l.id, taken.n - coalesce(given.n, 0) AS n,"
            "  (SELECT coalesce(sum(r.amount), 0) FROM returns r WHERE NOT EXISTS"
            "   (SELECT 1 FROM lot_allocation x WHERE x.tenant_id = $3 AND x.transfer_id = r.id))"
            "  AS fresh"
            " FROM taken JOIN lot l ON l.tenant_id = $3 AND l.id = taken.lot_id"
            " LEFT JOIN given ON given.lot_id = l.id"
            " ORDER BY l.expires_at, l.earned_at, l.id",
            spend_id, str(spend_id), self.tenant_id,
        )  # fmt: skip
        fresh = int(rows[0]["fresh"]) if rows else 0
        left: list[tuple[UUID, int]] = []
        for row in reversed(rows):
            points = int(row["n"])
            used = min(points, fresh)
            fresh -= used
            if points > used:
                left.append((UUID(str(row["id"])), points - used))
        return list(reversed(left))

    async def expired_holds(self, wallet_id: UUID) -> list[TransferRow]:
        rows = await self._rows(
            "SELECT id, debit_account_id, credit_account_id, amount, phase, expires_at"
            " FROM transfer t WHERE tenant_id = $2 AND debit_account_id = $1"
            " AND phase = 'PENDING' AND expires_at <= now() AND NOT EXISTS"
            " (SELECT 1 FROM transfer r WHERE r.tenant_id = $2 AND r.pending_id = t.id)",
            wallet_id,
            self.tenant_id,
        )
        return [_transfer_row(row) for row in rows]

    async def sent_since(self, wallet_id: UUID, code: str, since: datetime) -> int:
        """Points the wallet sent since `since` (the merchant's day) in transfers with `code`."""
        rows = await self._rows(
            "SELECT coalesce(sum(amount), 0) AS sent FROM transfer WHERE tenant_id = $4"
            " AND debit_account_id = $1 AND code = $2 AND created_at >= $3",
            wallet_id, code, since, self.tenant_id,
        )  # fmt: skip
        return int(rows[0]["sent"])

    async def open_lot(
        self, wallet_id: UUID, amount: int, expires_at: datetime | None, transfer_id: UUID
    ) -> None:
        await self.connection.execute_query(
            "INSERT INTO lot (id, tenant_id, wallet_id, amount, remaining, reserved, expires_at,"
            " earned_at, source_transfer_id) VALUES ($1, $2, $3, $4, $4, 0, $5, now(), $6)",
            [uuid7(), self.tenant_id, wallet_id, amount, expires_at, transfer_id],
        )

    async def free_lots(self, wallet_id: UUID, amount: int) -> list[LotView]:
        """The wallet's first lots in FIFO order that together hold `amount` free points (or
        all of them), read a page at a time along the FIFO index: a wallet with thousands of
        lots costs no more than one with a few. Call with the wallet locked."""
        lots: list[LotView] = []
        found = 0
        while found < amount:
            rows = await self._rows(
                "SELECT id, remaining, reserved, expires_at, earned_at FROM lot"
                " WHERE tenant_id = $4 AND wallet_id = $1 AND remaining > 0"
                " AND remaining > reserved"
                " ORDER BY expires_at, earned_at, id LIMIT $2 OFFSET $3",
                wallet_id, LOT_PAGE, len(lots), self.tenant_id,
            )  # fmt: skip
            lots += [_lot_view(row) for row in rows]
            found += sum(row["remaining"] - row["reserved"] for row in rows)
            if len(rows) < LOT_PAGE:
                break
        return lots

    async def expired_lots(self, wallet_id: UUID) -> list[LotView]:
        """The wallet's lots past their expiry that still hold free points."""
        rows = await self._rows(
            "SELECT id, remaining, reserved, expires_at, earned_at FROM lot WHERE tenant_id = $2"
            " AND wallet_id = $1 AND remaining > 0 AND remaining > reserved"
            " AND expires_at <= now()",
            wallet_id,
            self.tenant_id,
        )
        return [_lot_view(row) for row in rows]

    async def take_from_lots(
        self, wallet_id: UUID, amount: int, transfer_id: UUID, kind: str
    ) -> list[tuple[LotView, int]]:
        """Draw `amount` free points FIFO: CONSUME lowers `remaining`, RESERVE raises `reserved`."""
        lots = {lot.id: lot for lot in await self.free_lots(wallet_id, amount)}
        plan = draw(list(lots.values()), amount)
        await self.allocate(plan, transfer_id, kind)
        return [(lots[lot_id], points) for lot_id, points in plan]

    async def allocations(self, transfer_id: UUID, kind: str) -> list[tuple[UUID, int]]:
        """A transfer's allocations of one kind, in FIFO order of their lots."""
        rows = await self._rows(
            "SELECT a.lot_id, a.amount FROM lot_allocation a"
            " JOIN lot l ON l.tenant_id = a.tenant_id AND l.id = a.lot_id"
            " WHERE a.tenant_id = $3 AND a.transfer_id = $1 AND a.kind = $2"
            " ORDER BY l.expires_at, l.earned_at, l.id",
            transfer_id, kind, self.tenant_id,
        )  # fmt: skip
        return [(UUID(str(row["lot_id"])), row["amount"]) for row in rows]

    async def allocate(self, plan: list[tuple[UUID, int]], transfer_id: UUID, kind: str) -> None:
        """Record `plan` against `transfer_id` and change the lots: CONSUME and RESTORE move
        `remaining`, RESERVE and RELEASE move `reserved`. One statement of an UPDATE by the
        tenant and lot ids and an INSERT ... VALUES, which Citus routes to the tenant's shard
        whole (an UPDATE ... FROM unnest() or an INSERT ... SELECT it would not)."""
        if not plan:
            return
        rows = ", ".join(
            f"(gen_random_uuid(), $3, $5, ${6 + 2 * n}::uuid, ${7 + 2 * n}::bigint, $4::text)"
            for n in range(len(plan))
        )
        amount = "($2::bigint[])[array_position($1::uuid[], id)]"
        await self.connection.execute_query(
            "WITH moved AS (UPDATE lot SET"  # noqa: S608 - placeholders only, built here
            f"  remaining = remaining + CASE WHEN $4::text = 'CONSUME' THEN -{amount}"
            f"   WHEN $4::text = 'RESTORE' THEN {amount} ELSE 0 END,"
            f"  reserved = reserved + CASE WHEN $4::text = 'RESERVE' THEN {amount}"
            f"   WHEN $4::text = 'RELEASE' THEN -{amount} ELSE 0 END"
            "  WHERE tenant_id = $3 AND id = ANY($1::uuid[]) RETURNING id)"
            " INSERT INTO lot_allocation (id, tenant_id, transfer_id, lot_id, amount, kind)"
            f" VALUES {rows}",
            [[lot for lot, _ in plan], [amount for _, amount in plan], self.tenant_id, kind,
             transfer_id, *(value for lot, amount in plan for value in (lot, amount))],
        )  # fmt: skip


def _lot_view(row: dict[str, Any]) -> LotView:
    return LotView(
        UUID(str(row["id"])), row["remaining"], row["reserved"], row["expires_at"], row["earned_at"]
    )


def _transfer_row(row: dict[str, Any]) -> TransferRow:
    return TransferRow(
        UUID(str(row["id"])),
        UUID(str(row["debit_account_id"])),
        UUID(str(row["credit_account_id"])),
        row["amount"],
        Phase(row["phase"]),
        row["expires_at"],
    )


@asynccontextmanager
async def _within_limit() -> AsyncIterator[None]:
    """A transfer that would take a wallet past 2^53-1 points (`account_balance_limit_ck`,
    migration 0038) is refused as BALANCE_LIMIT, not an internal error."""
    try:
        yield
    except IntegrityError as exc:
        if BALANCE_LIMIT_CHECK not in str(exc):
            raise
        raise balance_limit() from exc


def metadata_json(value: dict[str, Any]) -> str:
    """A journal's metadata as stored (keys sorted)."""
    return json.dumps(value, sort_keys=True, default=str)
