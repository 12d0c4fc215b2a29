"""Leaderboards (积分排行榜): points members earned, per week, month and all time, per tenant,
in Redis sorted sets under the tenant's hash tag.

"Earned" is what was issued into a member's wallet (ISSUANCE -> wallet, posted: an award, or a
pending award released) less what a clawback took back (wallet -> ISSUANCE: a refunded
purchase's points), each in the period it happened. Redis is only a read model: the ledger
updates it after each batch of journals (a Redis outage loses an increment, never a point), and
`pointsmall leaderboard rebuild` recomputes it from the transfers with that same definition.
While Redis does not
answer, each process serves the boards it read last (LAST_KNOWN); a member's own standing has no
such copy and is unavailable.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from redis.exceptions import RedisError

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.redis import RedisClient, shared, tenant_key
from app.core.tenant_routing import required_tenant
from app.ledger.models import Account
from tenants.clock import zone_of

logger = logging.getLogger(__name__)
WEEK_TTL = 60 * 60 * 24 * 7 * 8
MONTH_TTL = 60 * 60 * 24 * 400

# Weeks and months are the merchant's ($1: its time zone): local timestamps, as `key` reads them.
_POINTS = "sum(CASE WHEN c.kind = 'MEMBER_WALLET' THEN t.amount ELSE -t.amount END)"
# (The tenant is ${tenant}: each query numbers it after its own parameters.)
_EARNED = (
    " FROM transfer t JOIN account d ON d.tenant_id = t.tenant_id AND d.id = t.debit_account_id"
    " JOIN account c ON c.tenant_id = t.tenant_id AND c.id = t.credit_account_id"
    " JOIN account w ON w.tenant_id = t.tenant_id"
    "  AND w.id = CASE WHEN c.kind = 'MEMBER_WALLET' THEN c.id ELSE d.id END"
    " WHERE t.tenant_id = ${tenant} AND t.phase IN ('SINGLE', 'POST')"
    " AND ((d.kind = 'ISSUANCE' AND c.kind = 'MEMBER_WALLET')"
    "  OR (d.kind = 'MEMBER_WALLET' AND c.kind = 'ISSUANCE'))"
)
EARNED_BY_MEMBER = (
    "SELECT w.owner_id AS member_id, date_trunc('week', t.created_at AT TIME ZONE $1) AS week,"
    f" date_trunc('month', t.created_at AT TIME ZONE $1) AS month, {_POINTS} AS points"
    + _EARNED.replace("${tenant}", "$2")
    + " GROUP BY 1, 2, 3"
)
# A closed period's board from the ledger ($1 <= created_at < $2), ties by member id.
FINAL_STANDINGS = (
    f"SELECT w.owner_id AS member_id, {_POINTS} AS points"
    + _EARNED.replace("${tenant}", "$4")
    + f" AND t.created_at >= $1 AND t.created_at < $2 GROUP BY 1 HAVING {_POINTS} > 0"
    " ORDER BY 2 DESC, 1 LIMIT $3"
)


class Period(StrEnum):
    WEEK = "WEEK"
    MONTH = "MONTH"
    ALL_TIME = "ALL_TIME"


@dataclass(frozen=True)
class Standing:
    member_id: UUID
    rank: int
    points: int


def key(tenant_id: UUID, period: Period, at: datetime) -> str:
    """The board of the week or month holding `at`, a time on the merchant's clock (local)."""
    if period is Period.WEEK:
        year, week, _ = at.isocalendar()
        return tenant_key(tenant_id, "lb", f"week:{year}-W{week:02d}")
    if period is Period.MONTH:
        return tenant_key(tenant_id, "lb", f"month:{at:%Y-%m}")
    return tenant_key(tenant_id, "lb", "all")


async def record_earned(tenant_id: UUID, earned: dict[UUID, int]) -> None:
    """Add points just earned to this week's, month's and all-time boards."""
    redis = shared()
    if redis is None:
        return
    now = utcnow().astimezone(await zone_of(tenant_id))
    try:
        async with redis.pipeline(transaction=False) as pipe:
            for period, ttl in ((Period.WEEK, WEEK_TTL), (Period.MONTH, MONTH_TTL)):
                board = key(tenant_id, period, now)
                for member, points in earned.items():
                    pipe.zincrby(board, points, str(member))
                pipe.expire(board, ttl)
            for member, points in earned.items():
                pipe.zincrby(key(tenant_id, Period.ALL_TIME, now), points, str(member))
            await pipe.execute()
    except RedisError:
        logger.warning("leaderboard update lost for tenant %s (rebuild restores it)", tenant_id)


class LastKnownBoards:
    """The boards this process read last (a bounded LRU), answered while Redis does not."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self.boards: OrderedDict[tuple[UUID, Period, int], list[Standing]] = OrderedDict()

    def keep(self, board: tuple[UUID, Period, int], standings: list[Standing]) -> None:
        self.boards[board] = standings
        self.boards.move_to_end(board)
        while len(self.boards) > self.size:
            self.boards.popitem(last=False)

    def get(self, board: tuple[UUID, Period, int]) -> list[Standing] | None:
        return self.boards.get(board)


LAST_KNOWN = LastKnownBoards()


async def top(redis: RedisClient, tenant_id: UUID, period: Period, first: int) -> list[Standing]:
    """The board's first `first` standings; while Redis does not answer, the last ones this
    process read (RedisError when it read none)."""
    board = (tenant_id, period, first)
    try:
        now = utcnow().astimezone(await zone_of(tenant_id))
        rows = await redis.zrevrange(key(tenant_id, period, now), 0, first - 1, withscores=True)
    except RedisError:
        known = LAST_KNOWN.get(board)
        if known is None:
            raise
        return known
    standings = [
        Standing(UUID(str(row[0])), rank, int(row[1])) for rank, row in enumerate(rows, start=1)
    ]
    LAST_KNOWN.keep(board, standings)
    return standings


async def standing(
    redis: RedisClient, tenant_id: UUID, period: Period, member_id: UUID
) -> Standing | None:
    board = key(tenant_id, period, utcnow().astimezone(await zone_of(tenant_id)))
    rank = await redis.zrevrank(board, str(member_id))
    if not isinstance(rank, int):
        return None
    points: float | None = await redis.zscore(board, str(member_id))
    return Standing(member_id, rank + 1, int(points or 0))


async def final_standings(start: datetime, end: datetime, first: int) -> list[Standing]:
    """The top `first` of the board of [start, end), from the ledger itself (the record, not
    the Redis read model); call in the tenant's scope."""
    rows = await Account._meta.db.execute_query_dict(
        FINAL_STANDINGS, [start, end, first, required_tenant()]
    )
    return [
        Standing(UUID(str(row["member_id"])), rank, int(row["points"]))
        for rank, row in enumerate(rows, start=1)
    ]


async def rebuild(redis: RedisClient, tenant_id: UUID) -> int:
    """Recompute the tenant's boards from the ledger; returns how many members are on them."""
    async with tenant_scope(tenant_id) as connection:
        zone = await zone_of(tenant_id)
        rows = await connection.execute_query_dict(EARNED_BY_MEMBER, [str(zone), tenant_id])
    boards: dict[str, dict[str, int]] = {}
    for row in rows:
        member, points = str(row["member_id"]), int(row["points"])
        for period, at in (
            (Period.WEEK, row["week"]),
            (Period.MONTH, row["month"]),
            (Period.ALL_TIME, row["week"]),
        ):
            board = boards.setdefault(key(tenant_id, period, at), {})
            board[member] = board.get(member, 0) + points
    stale = [k async for k in redis.scan_iter(match=tenant_key(tenant_id, "lb", "*"))]
    async with redis.pipeline(transaction=True) as pipe:
        if stale:
            pipe.delete(*stale)
        for name, scores in boards.items():
            pipe.zadd(name, {member: float(points) for member, points in scores.items()})
            if ":week:" in name or ":month:" in name:
                pipe.expire(name, WEEK_TTL if ":week:" in name else MONTH_TTL)
        await pipe.execute()
    return len({member for scores in boards.values() for member in scores})
