"""Expected refusals of the earning engine."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError
from app.ledger.errors import LedgerError


class EarningErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    WRONG_CURRENCY = "WRONG_CURRENCY"
    MEMBER_NOT_FOUND = "MEMBER_NOT_FOUND"
    MEMBER_BLOCKED = "MEMBER_BLOCKED"
    RULE_NOT_FOUND = "RULE_NOT_FOUND"
    CAMPAIGN_NOT_FOUND = "CAMPAIGN_NOT_FOUND"
    ORDER_NOT_FOUND = "ORDER_NOT_FOUND"
    ORDER_ALREADY_RECORDED = "ORDER_ALREADY_RECORDED"
    NOTHING_TO_REFUND = "NOTHING_TO_REFUND"
    ALREADY_IN_STATE = "ALREADY_IN_STATE"
    ALREADY_EARNED = "ALREADY_EARNED"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    INVALID_REFERRAL_CODE = "INVALID_REFERRAL_CODE"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    HOLD_EXPIRED = "HOLD_EXPIRED"
    HOLD_NOT_FOUND = "HOLD_NOT_FOUND"
    HOLD_RESOLVED = "HOLD_RESOLVED"
    INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS"


class EarningError(DomainError):
    """A refused earning operation; nothing was changed."""


def from_ledger(refusal: LedgerError) -> EarningError:
    """The ledger's refusal in earning's terms (codes the earning API does not name become
    INVALID_INPUT)."""
    code = str(refusal.code)
    known = code in EarningErrorCode.__members__
    return EarningError(
        EarningErrorCode(code) if known else EarningErrorCode.INVALID_INPUT,
        refusal.message,
        refusal.field,
    )
