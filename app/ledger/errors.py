"""Expected refusals of the ledger."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from app.core.errors import DomainError


class LedgerErrorCode(StrEnum):
    INVALID_CURRENCY = "INVALID_CURRENCY"
    INVALID_RATIO = "INVALID_RATIO"
    INVALID_POLICY = "INVALID_POLICY"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    INVALID_INPUT = "INVALID_INPUT"
    WRONG_CURRENCY = "WRONG_CURRENCY"
    INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS"
    MEMBER_NOT_FOUND = "MEMBER_NOT_FOUND"
    MEMBER_BLOCKED = "MEMBER_BLOCKED"
    SAME_MEMBER = "SAME_MEMBER"
    TRANSFERS_DISABLED = "TRANSFERS_DISABLED"
    DAILY_CAP_REACHED = "DAILY_CAP_REACHED"
    HOLD_NOT_FOUND = "HOLD_NOT_FOUND"
    HOLD_RESOLVED = "HOLD_RESOLVED"
    HOLD_EXPIRED = "HOLD_EXPIRED"
    TRANSFER_NOT_FOUND = "TRANSFER_NOT_FOUND"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    BALANCE_LIMIT = "BALANCE_LIMIT"


class LedgerError(DomainError):
    """A refused ledger operation; nothing was written."""

    codes = LedgerErrorCode


E = TypeVar("E", bound=DomainError)

# Refusals of the input's shape: a domain that has no code of its own for one says INVALID_INPUT.
INPUT_REFUSALS = frozenset(
    {
        LedgerErrorCode.INVALID_CURRENCY,
        LedgerErrorCode.INVALID_RATIO,
        LedgerErrorCode.INVALID_POLICY,
        LedgerErrorCode.INVALID_AMOUNT,
        LedgerErrorCode.INVALID_INPUT,
        LedgerErrorCode.WRONG_CURRENCY,
    }
)


class UnmappedLedgerError(RuntimeError):
    """A ledger refusal reached a domain that has no code for it: a bug, not a user error."""


def into_domain(error: LedgerError, refusal: type[E], field: str | None = None) -> E:
    """The ledger's refusal under the domain's own code of the same name (or INVALID_INPUT for
    a refusal of the input's shape); any other code the domain does not know fails loudly."""
    codes = refusal.codes
    if error.code.value in codes.__members__:
        code = codes(error.code.value)
    elif error.code in INPUT_REFUSALS:
        code = codes("INVALID_INPUT")
    else:
        raise UnmappedLedgerError(f"{refusal.__name__} has no code for {error.code}") from error
    return refusal(code, error.message, field or error.field)
