"""Expected refusals of settlement."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


class SettlementErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    BATCH_NOT_FOUND = "BATCH_NOT_FOUND"
    LINE_NOT_FOUND = "LINE_NOT_FOUND"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    NOTHING_TO_SETTLE = "NOTHING_TO_SETTLE"


class SettlementError(DomainError):
    """A refused settlement operation; nothing was changed."""

    codes = SettlementErrorCode
