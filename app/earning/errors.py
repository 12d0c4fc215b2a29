"""Expected refusals of the earning engine."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


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


class EarningError(DomainError):
    """A refused earning operation; nothing was changed."""
