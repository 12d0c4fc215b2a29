"""The leaderboard query."""

from __future__ import annotations

from typing import Annotated

import strawberry
from redis.exceptions import RedisError

from app.core.redis import shared
from app.ledger.leaderboard import Period, top
from app.members.service import display_names
from schema.context import Info
from schema.leaderboards.types import (
    MAX_ENTRIES,
    LeaderboardEntry,
    LeaderboardUnavailableError,
    PeriodEnum,
    mask,
)
from schema.permissions import Access, query, tenant_of, tenant_principal
from schema.scalars import Points
from tenants.principals import MemberPrincipal
from tenants.roles import ApiScope, StaffRole


@strawberry.type
class LeaderboardQueries:
    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.MEMBERS_READ, member=True),
        "Top members by points earned this week, this month or ever (the merchant's weeks and "
        "months, in its time zone). `first` at most 100. "
        "While Redis does not answer: the board as this server last read it, or the error "
        "LEADERBOARD_UNAVAILABLE when it has read none.",
    )
    async def leaderboard(
        self, info: Info, period: Annotated[Period, PeriodEnum], first: int = 10
    ) -> list[LeaderboardEntry]:
        principal = tenant_principal(info)
        if isinstance(principal, MemberPrincipal):
            tenant_id, me = principal.tenant_id, principal.member_id
        else:
            tenant_id, me = tenant_of(info), None
        redis = shared()
        if redis is None:
            return []
        try:
            standings = await top(redis, tenant_id, period, max(1, min(first, MAX_ENTRIES)))
        except RedisError as error:
            raise LeaderboardUnavailableError from error
        names = await display_names(tenant_id, [s.member_id for s in standings])
        return [
            LeaderboardEntry(
                rank=s.rank,
                name=mask(names.get(s.member_id, "")),
                points=Points(s.points),
                is_me=s.member_id == me,
            )
            for s in standings
        ]
