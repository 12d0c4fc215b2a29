"""Expiring what is due: every wallet with lots past their expiry, holds past their timeout or
(under an inactivity policy) no activity for too long is tidied through the ledger, a batch of
wallets at a time in id order, so a run is bounded at any size and safe to interrupt and rerun."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from app.core.db import tenant_scope
from app.ledger.commands import ExpireWallet
from app.ledger.policy import ExpiryKind, PointsRules
from app.ledger.requests import JournalRequest
from app.ledger.service import books_setup, post_journals

EXPIRY_ACTOR = "system:expiry"


async def expire_due_points(
    tenant_id: UUID,
    batch_size: int = 20,
    on_batch: Callable[[int], None] | None = None,
    parallel: int = 3,
) -> int:
    """Expire every due lot and timed-out hold of the tenant (and, under INACTIVITY, idle
    balances), a batch of wallets per transaction; returns how many wallets were swept.

    Wallets are visited once, in account-id order, so memory and time stay bounded however many
    there are (a million lots is a loop of small batches). Up to `parallel` batches are in
    flight at once on their own connections (the work is round trips): batches hold disjoint
    wallets, and each lane its own breakage slot, so they never wait on each other. Batches are
    small because each journal updates the lane's breakage row: versions one transaction
    leaves behind cannot be pruned until it commits, so 200 to a batch bloated that row and
    slowed every later batch (20,000 wallets: 115 s at 200, 67 s flat at 20). A crash
    loses at most the running batches, and running again finishes the job: a wallet with
    nothing due is never touched, so nothing expires twice.
    """
    swept, after = 0, None
    lanes: dict[asyncio.Task[int], int] = {}

    async def expire_batch(due: list[tuple[UUID, UUID]], inactive: bool, lane: int) -> int:
        requests = [
            JournalRequest(ExpireWallet(member, everything=inactive), EXPIRY_ACTOR, spread_key=lane)
            for _, member in due
        ]
        await post_journals(tenant_id, requests)
        if on_batch is not None:
            on_batch(len(due))
        return len(due)

    try:
        while True:
            async with tenant_scope(tenant_id) as connection:
                rules = (await books_setup(connection, tenant_id))[2]
                due = await _due_wallets(connection, tenant_id, rules, batch_size, after)
            if not due:
                break
            if len(lanes) >= parallel:
                done, _ = await asyncio.wait(lanes, return_when=asyncio.FIRST_COMPLETED)
                swept += sum(task.result() for task in done)
                for task in done:
                    del lanes[task]
            lane = min(set(range(parallel)) - set(lanes.values()))
            inactive = rules.expiry.kind is ExpiryKind.INACTIVITY
            lanes[asyncio.create_task(expire_batch(due, inactive, lane))] = lane
            after = due[-1][0]
        return swept + sum(await asyncio.gather(*lanes))
    finally:
        for task in lanes:
            task.cancel()


# Below every id: the keyset's start (an `IS NULL OR` would keep the planner off the index).
FIRST_ID = UUID(int=0)


# One keyset branch per reason a wallet is due, merged: an OR of the three EXISTS lets the
# planner hash a subplan over every lot of the database on each batch (quadratic at a
# million lots); each branch alone probes its index per wallet. `remaining > 0` (implied,
# reserved >= 0) lets the partial FIFO index serve the lot lookup.
_WALLETS_AFTER = (
    "SELECT a.id, a.owner_id FROM account a WHERE a.tenant_id = $4"
    " AND a.kind = 'MEMBER_WALLET' AND a.id > $3 AND "
)


_LOTS_DUE = (
    "EXISTS (SELECT 1 FROM lot l WHERE l.wallet_id = a.id AND l.remaining > 0"
    " AND l.remaining > l.reserved AND l.expires_at <= now())"
)


_HOLDS_DUE = (
    "EXISTS (SELECT 1 FROM transfer t WHERE t.debit_account_id = a.id"
    " AND t.phase = 'PENDING' AND t.expires_at <= now()"
    " AND NOT EXISTS (SELECT 1 FROM transfer r WHERE r.pending_id = t.id"
    " AND r.phase IN ('POST', 'VOID', 'EXPIRE')))"
)


_IDLE = (
    "$1::int IS NOT NULL AND a.posted > a.pending_dr AND NOT EXISTS ("
    " SELECT 1 FROM transfer t WHERE (t.debit_account_id = a.id OR t.credit_account_id = a.id)"
    " AND t.code <> 'EXPIRE' AND t.created_at > now() - make_interval(days => $1::int))"
)


_DUE_WALLETS = (
    "SELECT id, owner_id FROM ("  # noqa: S608 - constants
    + " UNION ".join(
        f"({_WALLETS_AFTER}{due} ORDER BY a.id LIMIT $2)" for due in (_LOTS_DUE, _HOLDS_DUE, _IDLE)
    )
    + ") due ORDER BY id LIMIT $2"
)


_COUNT_DUE_WALLETS = f"SELECT count(*) AS n FROM ({_DUE_WALLETS}) due"  # noqa: S608 - constants


def _inactivity_days(rules: PointsRules) -> int | None:
    return rules.expiry.days if rules.expiry.kind is ExpiryKind.INACTIVITY else None


async def _due_wallets(
    connection: BaseDBAsyncClient,
    tenant_id: UUID,
    rules: PointsRules,
    limit: int,
    after: UUID | None,
) -> list[tuple[UUID, UUID]]:
    """(wallet, member) of the next wallets after `after` with something due."""
    rows = await connection.execute_query_dict(
        _DUE_WALLETS, [_inactivity_days(rules), limit, after or FIRST_ID, tenant_id]
    )
    return [(UUID(str(row["id"])), UUID(str(row["owner_id"]))) for row in rows]


async def count_due_wallets(tenant_id: UUID) -> int:
    """How many wallets the expiry job has to visit now (for progress reports)."""
    async with tenant_scope(tenant_id) as connection:
        rules = (await books_setup(connection, tenant_id))[2]
        # LIMIT NULL is no limit.
        rows = await connection.execute_query_dict(
            _COUNT_DUE_WALLETS, [_inactivity_days(rules), None, FIRST_ID, tenant_id]
        )
    return int(rows[0]["n"])
