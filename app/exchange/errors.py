"""Expected refusals of linking, rates, quotes and exchanges."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError
from app.ledger.errors import LedgerError


class ExchangeErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    PLATFORM_NOT_CONFIGURED = "PLATFORM_NOT_CONFIGURED"
    TENANT_NOT_FOUND = "TENANT_NOT_FOUND"
    CURRENCY_NOT_ELIGIBLE = "CURRENCY_NOT_ELIGIBLE"
    CODE_TAKEN = "CODE_TAKEN"
    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
    NO_RATE = "NO_RATE"
    IDENTITY_NOT_VERIFIED = "IDENTITY_NOT_VERIFIED"
    ALREADY_LINKED = "ALREADY_LINKED"
    NOT_LINKED = "NOT_LINKED"
    WALLET_NOT_EMPTY = "WALLET_NOT_EMPTY"
    EXCHANGE_DISABLED = "EXCHANGE_DISABLED"
    SAME_CURRENCY = "SAME_CURRENCY"
    AMOUNT_TOO_SMALL = "AMOUNT_TOO_SMALL"
    DAILY_CAP_REACHED = "DAILY_CAP_REACHED"
    QUOTE_NOT_FOUND = "QUOTE_NOT_FOUND"
    QUOTE_EXPIRED = "QUOTE_EXPIRED"
    QUOTE_ALREADY_EXECUTED = "QUOTE_ALREADY_EXECUTED"
    INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS"
    MEMBER_BLOCKED = "MEMBER_BLOCKED"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"


class ExchangeError(DomainError):
    """A refused exchange operation; nothing was changed."""


def from_ledger(error: LedgerError, field: str | None = None) -> ExchangeError:
    """A ledger refusal in an exchange step, under the exchange's codes."""
    code = ExchangeErrorCode.__members__.get(error.code.value, ExchangeErrorCode.INVALID_INPUT)
    return ExchangeError(code, error.message, field or error.field)
