"""Expected refusals of bulk jobs."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


class BulkErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    TOO_MANY_ROWS = "TOO_MANY_ROWS"
    JOB_NOT_FOUND = "JOB_NOT_FOUND"
    ALREADY_FINISHED = "ALREADY_FINISHED"
    SEGMENT_EMPTY = "SEGMENT_EMPTY"
    REWARD_NOT_FOUND = "REWARD_NOT_FOUND"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"


class BulkError(DomainError):
    """A refused bulk request; nothing was queued."""

    codes = BulkErrorCode
