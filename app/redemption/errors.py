"""Expected refusals of redemption."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


class RedemptionErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    BALANCE_LIMIT = "BALANCE_LIMIT"
    REWARD_NOT_FOUND = "REWARD_NOT_FOUND"
    MEMBER_NOT_FOUND = "MEMBER_NOT_FOUND"
    MEMBER_BLOCKED = "MEMBER_BLOCKED"
    NOT_AVAILABLE = "NOT_AVAILABLE"
    NOT_STARTED = "NOT_STARTED"
    ENDED = "ENDED"
    OUT_OF_STOCK = "OUT_OF_STOCK"
    TIER_REQUIRED = "TIER_REQUIRED"
    LIMIT_REACHED = "LIMIT_REACHED"
    INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS"
    SHIPPING_ADDRESS_REQUIRED = "SHIPPING_ADDRESS_REQUIRED"
    WRONG_AMOUNT = "WRONG_AMOUNT"
    ORDER_NOT_FOUND = "ORDER_NOT_FOUND"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    NOT_LINKED = "NOT_LINKED"


class RedemptionError(DomainError):
    """A refused redemption operation; nothing was changed."""

    codes = RedemptionErrorCode
