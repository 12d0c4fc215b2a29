"""The earning programme as a member reads it (透明规则): the rules live now with what each pays
and, for one member, how much of each limit is left; the campaigns running or coming; the
check-in calendar with today's state, the streak and the rewards ahead. Reads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from app.core.clock import local_date, utcnow
from app.core.db import tenant_scope
from app.earning.models import Campaign, EarningEvent, EarnRule, EarnRuleKind, Status
from app.earning.occasion_awards import active_rules, room_today
from app.earning.occasions import check_in_points, next_streak
from tenants.clock import zone_of

UPCOMING_DAYS = 7


@dataclass(frozen=True)
class RuleView:
    """A live rule; the member's counts when the view is for one member."""

    rule: EarnRule
    times_done: int | None = None
    times_left: int | None = None
    points_left_today: int | None = None


@dataclass(frozen=True)
class CheckInDay:
    day: date
    points: int


@dataclass(frozen=True)
class CheckInStatus:
    """Today's check-in: done or not, the streak standing, what today pays (or paid), what
    the coming days pay if the member keeps it up, and the days checked in this month."""

    rule: EarnRule
    today: date
    checked_in_today: bool
    streak: int
    today_points: int
    upcoming: list[CheckInDay]
    this_month: list[date]


async def live_rules(
    tenant_id: UUID, member_id: UUID | None, now: datetime | None = None
) -> list[RuleView]:
    """The rules paying now, by kind; with `member_id`, each one's counts for that member."""
    now = now or utcnow()
    async with tenant_scope(tenant_id):
        today = local_date(now, await zone_of(tenant_id))
        views = []
        for kind in EarnRuleKind:
            for rule in await active_rules(kind, now):
                views.append(await _view(tenant_id, rule, member_id, today))
        return views


async def _view(tenant_id: UUID, rule: EarnRule, member_id: UUID | None, today: date) -> RuleView:
    if member_id is None or rule.kind is EarnRuleKind.PURCHASE:
        return RuleView(rule)
    done = await EarningEvent.filter(rule_id=rule.id, member_id=member_id).count()
    limit = rule.config.get("member_limit")
    left = None if limit is None else max(0, int(limit) - done)
    return RuleView(rule, done, left, await room_today(tenant_id, member_id, rule, today))


async def live_campaigns(tenant_id: UUID, now: datetime | None = None) -> list[Campaign]:
    """Campaigns running now or still to come, soonest first."""
    now = now or utcnow()
    async with tenant_scope(tenant_id):
        return (
            await Campaign.filter(status=Status.ACTIVE, ends_at__gt=now)
            .order_by("starts_at", "id")
            .limit(50)
        )


async def check_in_status(
    tenant_id: UUID, member_id: UUID | None, now: datetime | None = None
) -> CheckInStatus | None:
    """The check-in calendar, for the member if given (else as a member who never checked in
    sees it); None when no check-in rule is live."""
    now = now or utcnow()
    async with tenant_scope(tenant_id):
        rules = await active_rules(EarnRuleKind.CHECK_IN, now)
        if not rules:
            return None
        rule = rules[0]
        today = local_date(now, await zone_of(tenant_id))
        events = []
        if member_id is not None:
            # The rule's own check-ins, as `check_in` counts the streak.
            events = await EarningEvent.filter(
                rule_id=rule.id,
                member_id=member_id,
                local_date__gte=min(today.replace(day=1), today - timedelta(days=1)),
            ).order_by("local_date")
    schedule: list[int] = rule.config["schedule"]
    last = events[-1] if events else None
    done_today = last is not None and last.local_date == today
    if done_today:
        assert last is not None  # noqa: S101 - done_today says so
        streak, today_points = last.streak, last.points
    else:
        yesterday = last if last is not None and last.local_date == today - timedelta(1) else None
        streak = yesterday.streak if yesterday else 0
        today_points = check_in_points(schedule, next_streak(
            yesterday.local_date if yesterday else None, streak, today
        ))  # fmt: skip
    # From tomorrow on (from today when not yet done), the streak grows by one a day.
    first = 1 if done_today else 0
    upcoming = [
        CheckInDay(today + timedelta(days=n), check_in_points(schedule, streak + n + 1 - first))
        for n in range(first, first + UPCOMING_DAYS)
    ]
    month = [e.local_date for e in events if e.local_date >= today.replace(day=1)]
    return CheckInStatus(rule, today, done_today, streak, today_points, upcoming, month)
