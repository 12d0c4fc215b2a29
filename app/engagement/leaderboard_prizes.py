"""Leaderboard prizes (排行榜奖励): points for the top of each week's or month's board, paid by
the worker once the period has closed on the merchant's calendar.

The winners come from the ledger (the record), not from Redis (a read model that may have lost
an increment): points earned in the period less what refunds clawed back, ties by member id.
A closed period pays in one transaction: each rank a row unique per (period, rank) and a journal
keyed by it, so a worker killed half-way pays nothing, and its retry pays everyone once. Only the
last closed period is paid, and only if it closed after the prizes were set.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo

from app.core.clock import local_date, utcnow
from app.core.db import tenant_scope
from app.core.ids import uuid7
from app.engagement.errors import LotteryError, LotteryErrorCode
from app.engagement.models import LeaderboardPayout, LeaderboardPrizes
from app.ledger.accounts import MAX_AMOUNT
from app.ledger.commands import Award
from app.ledger.leaderboard import final_standings
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from tenants.clock import zone_of

ACTOR = "system:leaderboard"
MAX_PRIZES = 100


class PrizePeriod(StrEnum):
    WEEK = "WEEK"
    MONTH = "MONTH"


async def set_prizes(tenant_id: UUID, period: PrizePeriod, points: list[int]) -> list[int]:
    """Points for ranks 1, 2, ... of the period's board from the period closing next on (an
    empty list: no prizes)."""
    if len(points) > MAX_PRIZES or not all(1 <= p <= MAX_AMOUNT for p in points):
        raise LotteryError(
            LotteryErrorCode.INVALID_INPUT,
            f"Up to {MAX_PRIZES} prizes of 1 to {MAX_AMOUNT} points, rank 1 first.",
            "points",
        )
    async with tenant_scope(tenant_id):
        if not points:
            await LeaderboardPrizes.filter(period=period.value).delete()
            return []
        row = await LeaderboardPrizes.get_or_none(period=period.value)
        if row is None:
            await LeaderboardPrizes.create(tenant_id=tenant_id, period=period.value, points=points)
        else:
            row.points = points
            await row.save()
    return points


async def prizes_of(tenant_id: UUID) -> dict[PrizePeriod, list[int]]:
    async with tenant_scope(tenant_id):
        return {PrizePeriod(row.period): list(row.points) for row in await LeaderboardPrizes.all()}


async def payouts_of(
    tenant_id: UUID, period: PrizePeriod, limit: int = 100
) -> list[LeaderboardPayout]:
    """The latest prizes paid for the period, newest period first, by rank."""
    async with tenant_scope(tenant_id):
        return (
            await LeaderboardPayout.filter(period=period.value)
            .order_by("-period_key", "rank")
            .limit(limit)
        )


def last_closed(
    period: PrizePeriod, now: datetime, zone: ZoneInfo
) -> tuple[datetime, datetime, str]:
    """The period that closed most recently on the merchant's calendar: [start, end) and key."""
    today = local_date(now, zone)
    if period is PrizePeriod.WEEK:
        end_day = today - timedelta(days=today.weekday())
        start_day = end_day - timedelta(days=7)
        year, week, _ = start_day.isocalendar()
        key = f"{year}-W{week:02d}"
    else:
        end_day = today.replace(day=1)
        start_day = (end_day - timedelta(days=1)).replace(day=1)
        key = f"{start_day:%Y-%m}"
    start = datetime(start_day.year, start_day.month, start_day.day, tzinfo=zone)
    end = datetime(end_day.year, end_day.month, end_day.day, tzinfo=zone)
    return start, end, key


async def pay_closed_periods(tenant_id: UUID, now: datetime | None = None) -> int:
    """Pay the prizes of the periods that closed (the worker's job, hourly); returns how many
    members were paid now (0 when already paid)."""
    now = now or utcnow()
    zone = await zone_of(tenant_id)
    paid = 0
    async with tenant_scope(tenant_id) as connection:
        for plan in await LeaderboardPrizes.all():
            period = PrizePeriod(plan.period)
            start, end, key = last_closed(period, now, zone)
            if end <= plan.since or await LeaderboardPayout.exists(
                period=period.value, period_key=key
            ):
                continue
            winners = await final_standings(start, end, len(plan.points))
            for standing in winners:
                points = int(plan.points[standing.rank - 1])
                claimed = await connection.execute_query_dict(
                    "INSERT INTO leaderboard_payout (id, tenant_id, period, period_key, rank,"
                    " member_id, earned, points, paid_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
                    " now()) ON CONFLICT DO NOTHING RETURNING id",
                    [uuid7(), tenant_id, period.value, key, standing.rank, standing.member_id,
                     standing.points, points],
                )  # fmt: skip
                if not claimed:
                    break  # another run is paying this period
                reason = f"Leaderboard prize: #{standing.rank} of {key}"
                metadata = {"period": period.value, "period_key": key, "rank": standing.rank}
                award = Award(standing.member_id, points, reason, code="LEADERBOARD_PRIZE",
                              metadata=metadata)  # fmt: skip
                request = JournalRequest(
                    award, ACTOR, f"lbprize:{period.value}:{key}:{standing.rank}"
                )
                await post_journal(tenant_id, request)
                paid += 1
    return paid
