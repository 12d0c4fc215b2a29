"""Lottery tables (tenant-owned)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7


class LotteryStatus(StrEnum):
    ACTIVE = "ACTIVE"
    ARCHIVED = "ARCHIVED"


class PrizeKind(StrEnum):
    POINTS = "POINTS"
    REWARD = "REWARD"
    NOTHING = "NOTHING"


class Lottery(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    name = fields.CharField(max_length=200)
    cost_points = fields.BigIntField()
    daily_limit = fields.IntField(null=True)
    status = fields.CharEnumField(LotteryStatus, max_length=16, default=LotteryStatus.ACTIVE)
    # When members may draw (None: from creation / until ended).
    starts_at = fields.DatetimeField(null=True)
    ends_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "lottery"


class LotteryPrize(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    lottery_id = fields.UUIDField()
    name = fields.CharField(max_length=200)
    kind = fields.CharEnumField(PrizeKind, max_length=16)
    points = fields.BigIntField(null=True)
    reward_id = fields.UUIDField(null=True)
    weight = fields.IntField()
    # None: unlimited. `won` counts against it under the prize's row lock.
    stock = fields.IntField(null=True)
    won = fields.IntField(default=0)
    # Left out by an edit: past draws still name it, no draw picks it again.
    retired_at = fields.DatetimeField(null=True)

    class Meta:
        table = "lottery_prize"


class LotteryDraw(Model):
    """One draw, with what decided it: the seed, the roll and the weights in play, so an
    auditor can derive the prize again (`app.engagement.drawing.pick`)."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    lottery_id = fields.UUIDField()
    member_id = fields.UUIDField()
    prize_id = fields.UUIDField()
    seed = fields.CharField(max_length=64)
    roll = fields.BigIntField()
    weights: fields.Field[list[Any]] = fields.JSONField()
    # None for a free draw (one a task earned: `LotteryChance`).
    cost_transfer_id = fields.UUIDField(null=True)
    free = fields.BooleanField(default=False)
    prize_order_id = fields.UUIDField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "lottery_draw"


class AchievementKind(StrEnum):
    """What a goal counts, in its window: purchases, money spent (minor units, less refunds),
    the longest check-in streak, events of one code, or the tier rank reached."""

    PURCHASE_COUNT = "PURCHASE_COUNT"
    SPEND_TOTAL = "SPEND_TOTAL"
    CHECK_IN_STREAK = "CHECK_IN_STREAK"
    EVENT_COUNT = "EVENT_COUNT"
    TIER_RANK = "TIER_RANK"


class AchievementWindow(StrEnum):
    """Once per member for good, or once per local calendar month or year."""

    ALL_TIME = "ALL_TIME"
    MONTH = "MONTH"
    YEAR = "YEAR"


class AchievementStatus(StrEnum):
    ACTIVE = "ACTIVE"
    ARCHIVED = "ARCHIVED"


class Achievement(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    name = fields.CharField(max_length=200)
    description = fields.CharField(max_length=1000, default="")
    badge_url = fields.CharField(max_length=500, null=True)
    kind = fields.CharEnumField(AchievementKind, max_length=24)
    target = fields.BigIntField()
    event_code = fields.CharField(max_length=64, null=True)
    time_window = fields.CharEnumField(AchievementWindow, max_length=16)
    points = fields.BigIntField(default=0)
    reward_id = fields.UUIDField(null=True)
    status = fields.CharEnumField(
        AchievementStatus, max_length=16, default=AchievementStatus.ACTIVE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "achievement"


class MemberAchievement(Model):
    """A member reached a goal in a window (`window_key`: all, 2026-12 or 2026): a badge."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    achievement_id = fields.UUIDField()
    member_id = fields.UUIDField()
    window_key = fields.CharField(max_length=16)
    unlocked_at = fields.DatetimeField(auto_now_add=True)
    order_id = fields.UUIDField(null=True)

    class Meta:
        table = "member_achievement"


class LeaderboardPrizes(Model):
    """The points the top of a WEEK or MONTH board wins (rank 1 first), paid for the periods
    that close after `since`."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    period = fields.CharField(max_length=8)
    points: fields.Field[list[int]] = fields.JSONField()
    since = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "leaderboard_prizes"


class LeaderboardPayout(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    period = fields.CharField(max_length=8)
    period_key = fields.CharField(max_length=16)
    rank = fields.IntField()
    member_id = fields.UUIDField()
    earned = fields.BigIntField()
    points = fields.BigIntField()
    paid_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "leaderboard_payout"


class LotteryChanceRule(Model):
    """Each payment of the earning rule grants `draws` free draws of the lottery."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    lottery_id = fields.UUIDField()
    rule_id = fields.UUIDField()
    draws = fields.IntField()

    class Meta:
        table = "lottery_chance_rule"


class LotteryChance(Model):
    """Free draws a member earned: one grant per rule payment (its occasion)."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    lottery_id = fields.UUIDField()
    member_id = fields.UUIDField()
    rule_id = fields.UUIDField()
    occasion = fields.CharField(max_length=200)
    draws = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "lottery_chance"
