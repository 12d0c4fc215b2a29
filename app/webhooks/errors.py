"""Expected refusals of webhook management."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


class WebhookErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    ENDPOINT_NOT_FOUND = "ENDPOINT_NOT_FOUND"
    DELIVERY_NOT_FOUND = "DELIVERY_NOT_FOUND"
    TOO_MANY_ENDPOINTS = "TOO_MANY_ENDPOINTS"
    URL_NOT_ALLOWED = "URL_NOT_ALLOWED"


class WebhookError(DomainError):
    """A refused webhook operation; nothing was changed."""

    codes = WebhookErrorCode
