"""Expected refusals of tier management."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


class TierErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    TIER_NOT_FOUND = "TIER_NOT_FOUND"
    MEMBER_NOT_FOUND = "MEMBER_NOT_FOUND"
    RANK_TAKEN = "RANK_TAKEN"


class TierError(DomainError):
    """A refused tier operation; nothing was changed."""

    codes = TierErrorCode
