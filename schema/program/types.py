"""`Program`: the earning rules, campaigns, check-in calendar, expiry policy and tiers a member
app shows, with the member's own standing when it is for one member."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import strawberry

from app.earning import programme_view
from app.earning.models import Campaign, EarnRuleKind
from app.earning.rules import CampaignKind
from app.engagement import achievements as achievement_service
from app.engagement import leaderboard_prizes as prize_service
from app.ledger import reads
from app.ledger.service import get_points_rules
from app.tiers import service as tiers
from schema.earning.types import CampaignKindEnum, EarnRuleKindEnum
from schema.engagement.achievements import Achievement
from schema.engagement.leaderboard_prizes import LeaderboardPrizes
from schema.ledger.types import ExpiringPoints, PointsPolicyType
from schema.scalars import MinorUnits, Points
from schema.tiers.types import MemberTierStatus, Tier


@strawberry.type(description="A live earning rule as a member reads it.")
class ProgramRule:
    id: strawberry.ID
    kind: Annotated[EarnRuleKind, EarnRuleKindEnum]
    name: str
    starts_at: datetime | None
    ends_at: datetime | None
    points_per_unit: str | None
    min_order: MinorUnits | None
    points: Points | None
    referee_points: Points | None
    schedule: list[int] | None
    event_code: str | None
    member_limit: int | None
    daily_cap_per_member: Points | None
    times_done: int | None
    times_left: int | None
    points_left_today: Points | None

    @classmethod
    def from_view(cls, view: programme_view.RuleView) -> ProgramRule:
        rule, config = view.rule, view.rule.config

        def points(name: str) -> Points | None:
            return Points(int(config[name])) if name in config else None

        purchase = rule.kind is EarnRuleKind.PURCHASE
        return cls(
            id=strawberry.ID(str(rule.id)),
            kind=rule.kind,
            name=rule.name,
            starts_at=rule.starts_at,
            ends_at=rule.ends_at,
            points_per_unit=str(config["points_per_unit"]) if purchase else None,
            min_order=MinorUnits(int(config.get("min_order", 0))) if purchase else None,
            points=points("points") or points("referrer_points"),
            referee_points=points("referee_points"),
            schedule=list(config["schedule"]) if "schedule" in config else None,
            event_code=config.get("code"),
            member_limit=config.get("member_limit"),
            daily_cap_per_member=points("daily_cap_per_member"),
            times_done=view.times_done,
            times_left=view.times_left,
            points_left_today=None
            if view.points_left_today is None
            else Points(view.points_left_today),
        )


@strawberry.type(description="A campaign running now or coming, as a member reads it.")
class ProgramCampaign:
    id: strawberry.ID
    name: str
    kind: Annotated[CampaignKind, CampaignKindEnum]
    multiplier: str
    bonus_points: Points
    categories: list[str]
    tags: list[str]
    tier_ids: list[strawberry.ID]
    min_order: MinorUnits
    starts_at: datetime
    ends_at: datetime

    @classmethod
    def from_model(cls, row: Campaign) -> ProgramCampaign:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            kind=row.kind,
            multiplier=row.multiplier,
            bonus_points=Points(row.bonus_points),
            categories=list(row.categories),
            tags=list(row.tags),
            tier_ids=[strawberry.ID(tier) for tier in row.tier_ids],
            min_order=MinorUnits(row.min_order),
            starts_at=row.starts_at,
            ends_at=row.ends_at,
        )


@strawberry.type(description="A coming day of the check-in calendar and what it pays.")
class CheckInDay:
    day: date
    points: Points


@strawberry.type(description="The check-in calendar: today's state, the streak, what is ahead.")
class CheckInStatus:
    rule_id: strawberry.ID
    today: date
    checked_in_today: bool
    streak: int
    today_points: Points
    upcoming: list[CheckInDay]
    this_month: list[date]

    @classmethod
    def from_status(cls, status: programme_view.CheckInStatus) -> CheckInStatus:
        return cls(
            rule_id=strawberry.ID(str(status.rule.id)),
            today=status.today,
            checked_in_today=status.checked_in_today,
            streak=status.streak,
            today_points=Points(status.today_points),
            upcoming=[CheckInDay(day=d.day, points=Points(d.points)) for d in status.upcoming],
            this_month=status.this_month,
        )


@strawberry.type(
    description="The merchant's programme as a member app shows it (透明规则): what earns how "
    "much, the campaigns, the check-in calendar, how points expire, the tiers. For one member "
    "(a member token's own, or `memberId`'s) it adds their counts, streak, expiring points and "
    "tier progress."
)
class Program:
    tenant_id: strawberry.Private[UUID]
    member_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The earning rules live now, by kind.")
    async def earn_rules(self) -> list[ProgramRule]:
        views = await programme_view.live_rules(self.tenant_id, self.member_id)
        return [ProgramRule.from_view(view) for view in views]

    @strawberry.field(description="Campaigns running now or coming, soonest first.")
    async def campaigns(self) -> list[ProgramCampaign]:
        rows = await programme_view.live_campaigns(self.tenant_id)
        return [ProgramCampaign.from_model(row) for row in rows]

    @strawberry.field(description="The check-in calendar; null when no check-in rule is live.")
    async def check_in(self) -> CheckInStatus | None:
        status = await programme_view.check_in_status(self.tenant_id, self.member_id)
        return CheckInStatus.from_status(status) if status else None

    @strawberry.field(description="How points expire and move.")
    async def points_policy(self) -> PointsPolicyType:
        return PointsPolicyType.from_rules(await get_points_rules(self.tenant_id))

    @strawberry.field(description="The member's points expiring next; null without a member.")
    async def next_expiring(self) -> ExpiringPoints | None:
        if self.member_id is None:
            return None
        batches = await reads.expiring_points(
            self.tenant_id, self.member_id, reads.MAX_EXPIRING_DAYS
        )
        if not batches:
            return None
        return ExpiringPoints(expires_at=batches[0].expires_at, points=Points(batches[0].points))

    @strawberry.field(
        description="The achievements (勋章) to reach; a member's progress: `me { achievements }`."
    )
    async def achievements(self) -> list[Achievement]:
        goals = await achievement_service.list_achievements(self.tenant_id)
        return [Achievement.from_model(goal) for goal in goals]

    @strawberry.field(description="The prizes each leaderboard pays when its period closes.")
    async def leaderboard_prizes(self) -> list[LeaderboardPrizes]:
        plans = await prize_service.prizes_of(self.tenant_id)
        return [
            LeaderboardPrizes(period=period, points=[Points(p) for p in points])
            for period, points in plans.items()
        ]

    @strawberry.field(description="The tiers, lowest first.")
    async def tiers(self) -> list[Tier]:
        return [Tier.from_model(tier) for tier in await tiers.list_tiers(self.tenant_id)]

    @strawberry.field(description="The member's tier and progress; null without a member.")
    async def tier(self) -> MemberTierStatus | None:
        if self.member_id is None:
            return None
        return MemberTierStatus.from_status(await tiers.tier_status(self.tenant_id, self.member_id))
