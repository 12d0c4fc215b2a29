"""Expected refusals of catalog management."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


class CatalogErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    REWARD_NOT_FOUND = "REWARD_NOT_FOUND"
    ALREADY_IN_STATE = "ALREADY_IN_STATE"
    STOCK_BELOW_ZERO = "STOCK_BELOW_ZERO"
    NOT_A_COUPON = "NOT_A_COUPON"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"


class CatalogError(DomainError):
    """A refused catalog operation; nothing was changed."""

    codes = CatalogErrorCode
