"""Expected refusals of the ledger."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


class LedgerErrorCode(StrEnum):
    INVALID_CURRENCY = "INVALID_CURRENCY"
    INVALID_RATIO = "INVALID_RATIO"


class LedgerError(DomainError):
    """A refused ledger operation; nothing was written."""
