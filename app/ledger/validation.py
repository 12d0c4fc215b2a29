"""What a command must be before it touches the database (amounts, reasons, hold lengths),
and the refusal for a wallet that cannot pay."""

from __future__ import annotations

from app.ledger.accounts import MAX_AMOUNT
from app.ledger.commands import (
    Command,
)
from app.ledger.errors import LedgerError, LedgerErrorCode


def check_amount(amount: int, field: str = "amount") -> None:
    if not 0 < amount <= MAX_AMOUNT:
        raise LedgerError(
            LedgerErrorCode.INVALID_AMOUNT, f"Amount must be 1 to {MAX_AMOUNT} points.", field
        )


MAX_REASON_LENGTH = 200


# Long enough for a year-long return window plus the release grace.
MAX_HOLD_SECONDS = 400 * 86400


def validate(command: Command) -> None:
    """Refuse malformed commands before any key is claimed: such refusals are not stored."""
    amount = getattr(command, "amount", None)
    if amount is not None:
        check_amount(amount)
    if len(getattr(command, "reason", "")) > MAX_REASON_LENGTH:
        raise LedgerError(
            LedgerErrorCode.INVALID_INPUT,
            f"Reason must be at most {MAX_REASON_LENGTH} characters.",
            "reason",
        )
    hold_seconds = getattr(command, "hold_seconds", None)
    if hold_seconds is not None and not 1 <= hold_seconds <= MAX_HOLD_SECONDS:
        raise LedgerError(
            LedgerErrorCode.INVALID_INPUT, "Holds last 1 s to 400 days.", "holdSeconds"
        )


def insufficient(available: int, amount: int) -> LedgerError:
    return LedgerError(
        LedgerErrorCode.INSUFFICIENT_POINTS,
        f"Only {available} points available, {amount} needed.",
        "amount",
    )


def no_such_member(field: str) -> LedgerError:
    """No member of this tenant (another tenant's included)."""
    return LedgerError(LedgerErrorCode.MEMBER_NOT_FOUND, "No such member.", field)


def member_blocked(field: str) -> LedgerError:
    return LedgerError(LedgerErrorCode.MEMBER_BLOCKED, "The member is blocked.", field)


def balance_limit() -> LedgerError:
    """A transfer would take a wallet past 2^53-1 points (`account_balance_limit_ck`)."""
    return LedgerError(
        LedgerErrorCode.BALANCE_LIMIT,
        f"A wallet may not hold more than {MAX_AMOUNT:,} points.",
        "amount",
    )
