"""Leaderboard prizes in the API: setLeaderboardPrizes, leaderboardPrizes, leaderboardPayouts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.engagement import leaderboard_prizes as service
from app.engagement.errors import LotteryError
from schema.context import Info
from schema.engagement.types import LotteryUserError
from schema.errors import user_errors
from schema.permissions import Access, mutation, query, tenant_of
from schema.scalars import Points
from tenants.roles import StaffRole

PeriodEnum = strawberry.enum(
    service.PrizePeriod, name="LeaderboardPrizePeriod", description="A board that closes."
)


@strawberry.type(description="The points the top of a week's or month's board wins.")
class LeaderboardPrizes:
    period: Annotated[service.PrizePeriod, PeriodEnum]
    points: list[Points]


@strawberry.type(description="A prize paid: who, for which period and rank.")
class LeaderboardPayout:
    period_key: str
    rank: int
    member_id: strawberry.ID
    earned: Points
    points: Points
    paid_at: datetime


@strawberry.input
class SetLeaderboardPrizesInput:
    period: Annotated[service.PrizePeriod, PeriodEnum]
    points: list[Points]


@strawberry.type
class LeaderboardPrizesPayload:
    prizes: LeaderboardPrizes | None = None
    user_errors: list[LotteryUserError] = strawberry.field(default_factory=list)


@strawberry.type
class LeaderboardPrizeQueries:
    @query(
        Access(staff=StaffRole.VIEWER, any_key=True, member=True),
        "The prizes each board pays when its week or month closes.",
    )
    async def leaderboard_prizes(self, info: Info) -> list[LeaderboardPrizes]:
        plans = await service.prizes_of(tenant_of(info))
        return [
            LeaderboardPrizes(period=period, points=[Points(p) for p in points])
            for period, points in plans.items()
        ]

    @query(
        Access(staff=StaffRole.VIEWER),
        "The prizes paid for a board, newest period first, by rank (at most 100).",
    )
    async def leaderboard_payouts(
        self, info: Info, period: Annotated[service.PrizePeriod, PeriodEnum]
    ) -> list[LeaderboardPayout]:
        rows = await service.payouts_of(tenant_of(info), period)
        return [
            LeaderboardPayout(
                period_key=row.period_key, rank=row.rank,
                member_id=strawberry.ID(str(row.member_id)), earned=Points(row.earned),
                points=Points(row.points), paid_at=row.paid_at,
            )
            for row in rows
        ]  # fmt: skip


@strawberry.type
class LeaderboardPrizeMutations:
    @mutation(
        Access(staff=StaffRole.ADMIN),
        "Points for ranks 1, 2, ... of the WEEK or MONTH board (积分排行榜奖励), paid by the "
        "worker once each period closes on the merchant's calendar, from the ledger's figures "
        "(points earned less refunds; ties by member id), once per period and rank. Applies "
        "from the period closing next; an empty list stops them. Errors: INVALID_INPUT.",
    )
    async def set_leaderboard_prizes(
        self, info: Info, input: SetLeaderboardPrizesInput
    ) -> LeaderboardPrizesPayload:
        try:
            points = await service.set_prizes(tenant_of(info), input.period, list(input.points))
        except LotteryError as error:
            return LeaderboardPrizesPayload(user_errors=user_errors(error, LotteryUserError))
        prizes = LeaderboardPrizes(period=input.period, points=[Points(p) for p in points])
        return LeaderboardPrizesPayload(prizes=prizes)
