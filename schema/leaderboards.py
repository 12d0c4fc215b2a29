"""Leaderboards (积分排行榜): top members by points earned, names masked."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.core.redis import shared
from app.ledger.leaderboard import Period, top
from app.members.service import display_names
from schema.context import Info
from schema.permissions import require_merchant, tenant_principal
from schema.scalars import Points
from tenants.principals import MemberPrincipal
from tenants.roles import ApiScope, StaffRole

PeriodEnum = strawberry.enum(Period, name="LeaderboardPeriod")
MAX_ENTRIES = 100


def mask(name: str) -> str:
    """张三丰 -> 张*丰, Anna -> A**a, Li -> L*: enough to recognise oneself, not others."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * min(len(name) - 2, 3) + name[-1]


@strawberry.type(description="A member's place on a leaderboard.")
class LeaderboardStanding:
    rank: int
    points: Points


@strawberry.type
class LeaderboardEntry:
    rank: int
    name: str = strawberry.field(description="The member's display name, masked.")
    points: Points = strawberry.field(description="Points earned in the period.")
    is_me: bool = strawberry.field(description="This entry is the calling member.")


@strawberry.type
class LeaderboardQueries:
    @strawberry.field(
        description="Top members by points earned this week, this month or ever (UTC). Members "
        "and staff. `first` at most 100."
    )
    async def leaderboard(
        self, info: Info, period: Annotated[Period, PeriodEnum], first: int = 10
    ) -> list[LeaderboardEntry]:
        principal = tenant_principal(info)
        if isinstance(principal, MemberPrincipal):
            tenant_id, me = principal.tenant_id, principal.member_id
        else:
            tenant_id, me = require_merchant(info, StaffRole.VIEWER, ApiScope.MEMBERS_READ), None
        redis = shared()
        if redis is None:
            return []
        standings = await top(redis, tenant_id, period, max(1, min(first, MAX_ENTRIES)))
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
