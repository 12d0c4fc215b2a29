"""Expected refusals of lotteries and achievements."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


class LotteryErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    BALANCE_LIMIT = "BALANCE_LIMIT"
    LOTTERY_NOT_FOUND = "LOTTERY_NOT_FOUND"
    LIMIT_REACHED = "LIMIT_REACHED"
    NOT_STARTED = "NOT_STARTED"
    ENDED = "ENDED"
    SOLD_OUT = "SOLD_OUT"
    PRIZE_UNAVAILABLE = "PRIZE_UNAVAILABLE"
    INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS"
    MEMBER_BLOCKED = "MEMBER_BLOCKED"
    MEMBER_NOT_FOUND = "MEMBER_NOT_FOUND"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"


class LotteryError(DomainError):
    """A refused lottery operation; nothing was changed."""

    codes = LotteryErrorCode


class AchievementErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    ACHIEVEMENT_NOT_FOUND = "ACHIEVEMENT_NOT_FOUND"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"


class AchievementError(DomainError):
    """A refused achievement operation; nothing was changed."""

    codes = AchievementErrorCode
