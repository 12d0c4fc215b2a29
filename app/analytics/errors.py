"""Expected refusals of analytics questions (they change nothing; they are asked wrongly)."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


class AnalyticsErrorCode(StrEnum):
    INVALID_RANGE = "INVALID_RANGE"
    RANGE_TOO_LONG = "RANGE_TOO_LONG"
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    MEMBER_NOT_FOUND = "MEMBER_NOT_FOUND"


class AnalyticsError(DomainError):
    """A question analytics cannot answer as asked."""

    codes = AnalyticsErrorCode
