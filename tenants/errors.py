"""Expected failures of tenancy: sign-up, sessions, staff, API keys, and authentication."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


class TenancyErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    SLUG_TAKEN = "SLUG_TAKEN"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    INVALID_CURRENCY = "INVALID_CURRENCY"
    INVALID_RATIO = "INVALID_RATIO"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    INVALID_REFRESH_TOKEN = "INVALID_REFRESH_TOKEN"
    TENANT_SUSPENDED = "TENANT_SUSPENDED"
    NOT_FOUND = "NOT_FOUND"
    ROLE_NOT_ALLOWED = "ROLE_NOT_ALLOWED"
    LAST_OWNER = "LAST_OWNER"
    ALREADY_IN_STATE = "ALREADY_IN_STATE"


class TenancyError(DomainError):
    """A refused tenancy operation; nothing was changed."""

    codes = TenancyErrorCode


class AuthErrorCode(StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    FORBIDDEN = "FORBIDDEN"
    TENANT_SUSPENDED = "TENANT_SUSPENDED"
    RATE_LIMITED = "RATE_LIMITED"


class AuthError(Exception):
    """The caller is not who it claims, or may not do this. Reported in `errors`, not payloads."""

    def __init__(self, code: AuthErrorCode, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after
