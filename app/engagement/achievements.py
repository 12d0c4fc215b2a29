"""Achievements (勋章): goals a merchant sets over a window (N purchases, money spent, a check-in
streak, N events of a kind, a tier reached) that unlock a badge and optionally points or a
reward, once per member per window.

Checked in the transaction of what could reach them (a purchase, a check-in, a task: the
earning activity hook; a tier reached: the tiers' hook, when a tier moves). A member's
activities run one at a time (`app.earning.activity.one_at_a_time`, taken before any ledger
lock), each seeing the ones committed before it, so the one that reaches a goal sees it.
The unlock is a row unique per (achievement, member, window); its points are a journal keyed by
that row, so an unlock happens, and pays, once.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from app.catalog.models import Reward
from app.core.clock import local_date, utcnow
from app.core.db import tenant_scope
from app.core.idempotency import UNKEYED, OptionalKey, created_once
from app.core.ids import uuid7
from app.earning.activity import Activity, Paid
from app.earning.models import EarningEvent, EarnRule, EarnRuleKind, PurchaseRecord
from app.engagement.errors import AchievementError, AchievementErrorCode
from app.engagement.models import (
    Achievement,
    AchievementKind,
    AchievementStatus,
    AchievementWindow,
    MemberAchievement,
)
from app.ledger.accounts import MAX_AMOUNT
from app.ledger.commands import Award
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from app.redemption.redeem import grant_prize
from app.tiers.service import tier_standing
from app.webhooks.events import emit
from tenants.clock import zone_of

ACTOR = "system:achievements"
KINDS_OF = {
    Activity.PURCHASE: {AchievementKind.PURCHASE_COUNT, AchievementKind.SPEND_TOTAL},
    Activity.CHECK_IN: {AchievementKind.CHECK_IN_STREAK},
    Activity.EVENT: {AchievementKind.EVENT_COUNT},
}
_checking: ContextVar[bool] = ContextVar("achievements_checking", default=False)


@dataclass(frozen=True)
class AchievementSpec:
    name: str
    kind: AchievementKind
    target: int
    window: AchievementWindow = AchievementWindow.ALL_TIME
    description: str = ""
    badge_url: str | None = None
    event_code: str | None = None
    points: int = 0
    reward_id: UUID | None = None


@dataclass(frozen=True)
class Progress:
    achievement: Achievement
    window_key: str
    value: int
    unlocked_at: datetime | None


def _invalid(message: str, field: str) -> AchievementError:
    return AchievementError(AchievementErrorCode.INVALID_INPUT, message, field)


def _fields(spec: AchievementSpec) -> dict[str, Any]:
    if not 1 <= len(spec.name.strip()) <= 200:
        raise _invalid("Name must be 1-200 characters.", "name")
    if not 1 <= spec.target <= MAX_AMOUNT:
        raise _invalid("The target must be 1 or more.", "target")
    if not 0 <= spec.points <= MAX_AMOUNT:
        raise _invalid("Points must be 0 or more.", "points")
    code = (spec.event_code or "").strip()
    if (spec.kind is AchievementKind.EVENT_COUNT) != bool(code) or len(code) > 64:
        raise _invalid("EVENT_COUNT goals (and only they) name an eventCode.", "eventCode")
    if spec.badge_url and not spec.badge_url.startswith("https://"):
        raise _invalid("The badge is an https:// URL.", "badgeUrl")
    return {
        "name": spec.name.strip(),
        "description": spec.description.strip()[:1000],
        "badge_url": spec.badge_url or None,
        "kind": spec.kind,
        "target": spec.target,
        "event_code": code or None,
        "time_window": spec.window,
        "points": spec.points,
        "reward_id": spec.reward_id,
    }


async def create_achievement(
    tenant_id: UUID, spec: AchievementSpec, keyed: OptionalKey = UNKEYED
) -> Achievement:
    fields = _fields(spec)

    async def create() -> Achievement:
        async with tenant_scope(tenant_id):
            if spec.reward_id is not None and not await Reward.exists(id=spec.reward_id):
                raise _invalid("No such reward.", "rewardId")
            return await Achievement.create(tenant_id=tenant_id, **fields)

    return await created_once(Achievement, tenant_id, keyed, fields, create, AchievementError)


async def archive_achievement(tenant_id: UUID, achievement_id: UUID) -> Achievement:
    """No one unlocks it any more; the badges already won stay."""
    async with tenant_scope(tenant_id):
        found = await Achievement.select_for_update().get_or_none(
            id=achievement_id, status=AchievementStatus.ACTIVE
        )
        if found is None:
            raise AchievementError(
                AchievementErrorCode.ACHIEVEMENT_NOT_FOUND, "No such achievement.", "achievementId"
            )
        found.status = AchievementStatus.ARCHIVED
        await found.save(update_fields=["status"])
        return found


async def list_achievements(tenant_id: UUID) -> list[Achievement]:
    async with tenant_scope(tenant_id):
        return await Achievement.filter(status=AchievementStatus.ACTIVE).order_by("id")


async def progress_of(tenant_id: UUID, member_id: UUID) -> list[Progress]:
    """Each live goal for the member in its current window: how far, and whether reached."""
    now = utcnow()
    async with tenant_scope(tenant_id):
        goals = await Achievement.filter(status=AchievementStatus.ACTIVE).order_by("id")
        unlocked = {
            (row.achievement_id, row.window_key): row.unlocked_at
            for row in await MemberAchievement.filter(member_id=member_id)
        }
        result = []
        for goal in goals:
            start, key = await _window(tenant_id, goal.time_window, now)
            value = await _value(goal, member_id, start)
            result.append(Progress(goal, key, value, unlocked.get((goal.id, key))))
        return result


async def badges_of(
    tenant_id: UUID, member_id: UUID
) -> list[tuple[MemberAchievement, Achievement]]:
    """Every goal the member reached, newest first, with the goal."""
    async with tenant_scope(tenant_id):
        rows = await MemberAchievement.filter(member_id=member_id).order_by("-id").limit(200)
        goals = {g.id: g for g in await Achievement.filter(id__in=[r.achievement_id for r in rows])}
    return [(row, goals[row.achievement_id]) for row in rows]


async def on_activity(tenant_id: UUID, member_id: UUID, activity: Activity, _: Paid) -> None:
    """The earning activity hook: the goals the activity may have reached."""
    await check(tenant_id, member_id, KINDS_OF[activity] | {AchievementKind.TIER_RANK})


async def on_tier_changed(tenant_id: UUID, member_id: UUID) -> None:
    """The tiers' hook: tier goals, when (and only when) a member's tier moves."""
    await check(tenant_id, member_id, {AchievementKind.TIER_RANK})


async def check(tenant_id: UUID, member_id: UUID, kinds: set[AchievementKind]) -> None:
    """Unlock the member's goals of these kinds now reached; call in the tenant's transaction."""
    if _checking.get():
        return  # the points an unlock pays are posting: their hook checks nothing more
    goals = await Achievement.filter(status=AchievementStatus.ACTIVE, kind__in=list(kinds))
    if not goals:
        return
    now = utcnow()
    token = _checking.set(True)
    try:
        for goal in goals:
            start, key = await _window(tenant_id, goal.time_window, now)
            if await _value(goal, member_id, start) >= goal.target:
                await _unlock(tenant_id, goal, member_id, key)
    finally:
        _checking.reset(token)


async def _window(
    tenant_id: UUID, window: AchievementWindow, now: datetime
) -> tuple[datetime | None, str]:
    """The window's first moment (None: all time) and its key, on the merchant's calendar."""
    if window is AchievementWindow.ALL_TIME:
        return None, "all"
    zone = await zone_of(tenant_id)
    today = local_date(now, zone)
    first = (
        today.replace(day=1) if window is AchievementWindow.MONTH else today.replace(month=1, day=1)
    )
    key = f"{today:%Y-%m}" if window is AchievementWindow.MONTH else f"{today:%Y}"
    return datetime(first.year, first.month, first.day, tzinfo=zone), key


async def _value(goal: Achievement, member_id: UUID, start: datetime | None) -> int:
    """How far the member is towards the goal in the window from `start`."""
    connection = Achievement._meta.db
    if goal.kind is AchievementKind.TIER_RANK:
        return (await tier_standing(member_id)).tier.rank
    if goal.kind in {AchievementKind.PURCHASE_COUNT, AchievementKind.SPEND_TOTAL}:
        purchases = PurchaseRecord.filter(member_id=member_id)
        if start is not None:
            purchases = purchases.filter(occurred_at__gte=start)
        if goal.kind is AchievementKind.PURCHASE_COUNT:
            return await purchases.count()
        rows = await connection.execute_query_dict(
            "SELECT coalesce(sum(amount - refunded_amount), 0)::bigint AS spent FROM purchase"
            " WHERE member_id = $1 AND ($2::timestamptz IS NULL OR occurred_at >= $2)",
            [member_id, start],
        )
        return int(rows[0]["spent"])
    kind = (
        EarnRuleKind.CHECK_IN
        if goal.kind is AchievementKind.CHECK_IN_STREAK
        else EarnRuleKind.EVENT
    )
    rules = [
        rule.id
        for rule in await EarnRule.filter(kind=kind)
        if kind is EarnRuleKind.CHECK_IN or rule.config.get("code") == goal.event_code
    ]
    events = EarningEvent.filter(member_id=member_id, rule_id__in=rules)
    if start is not None:
        events = events.filter(local_date__gte=start.date())
    if goal.kind is AchievementKind.EVENT_COUNT:
        return await events.count()
    longest = await events.order_by("-streak").first()
    return longest.streak if longest else 0


async def _unlock(tenant_id: UUID, goal: Achievement, member_id: UUID, key: str) -> None:
    rows = await Achievement._meta.db.execute_query_dict(
        "INSERT INTO member_achievement (id, tenant_id, achievement_id, member_id, window_key,"
        " unlocked_at) VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT DO NOTHING RETURNING id",
        [uuid7(), tenant_id, goal.id, member_id, key],
    )
    if not rows:
        return  # reached before in this window
    unlock_id = UUID(str(rows[0]["id"]))
    reason = f"Achievement: {goal.name}"
    if goal.points:
        metadata = {"achievement_id": str(goal.id), "window": key}
        award = Award(member_id, goal.points, reason, code="ACHIEVEMENT", metadata=metadata)
        await post_journal(tenant_id, JournalRequest(award, ACTOR, f"achievement:{unlock_id}"))
    order_id = None
    if goal.reward_id is not None:
        order = await grant_prize(tenant_id, member_id, goal.reward_id, ACTOR, reason)
        order_id = order.id if order else None
        if order_id is not None:
            await MemberAchievement.filter(id=unlock_id).update(order_id=order_id)
    await emit(
        tenant_id,
        "achievement.unlocked",
        {
            "achievement_id": str(goal.id),
            "member_id": str(member_id),
            "name": goal.name,
            "window": key,
            "points": goal.points,
            "reward_order_id": str(order_id) if order_id else None,
        },
    )
