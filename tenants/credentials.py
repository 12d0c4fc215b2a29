"""Opaque credentials: API keys and refresh tokens, shown once and stored as hashes.

Both carry enough to find their row without a search: an API key its public prefix
(`pmk_<prefix>_<secret>`), a refresh token its tenant and session ids
(`pmr_<tenant>_<session>_<secret>`). The secrets are 256 random bits, so a SHA-256 digest is
as strong as a slow password hash and costs nothing per request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from uuid import UUID

API_KEY_MARK = "pmk_"
REFRESH_TOKEN_MARK = "pmr_"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)


@dataclass(frozen=True)
class ApiKeyParts:
    prefix: str
    secret: str

    @property
    def token(self) -> str:
        return f"{API_KEY_MARK}{self.prefix}_{self.secret}"


def new_api_key() -> ApiKeyParts:
    return ApiKeyParts(prefix=secrets.token_hex(8), secret=secrets.token_hex(32))


def parse_api_key(token: str) -> ApiKeyParts | None:
    prefix, _, secret = token.removeprefix(API_KEY_MARK).partition("_")
    if not token.startswith(API_KEY_MARK) or len(prefix) != 16 or len(secret) != 64:
        return None
    return ApiKeyParts(prefix, secret)


@dataclass(frozen=True)
class RefreshTokenParts:
    tenant_id: UUID
    session_id: UUID
    secret: str

    @property
    def token(self) -> str:
        return f"{REFRESH_TOKEN_MARK}{self.tenant_id.hex}_{self.session_id.hex}_{self.secret}"


def new_refresh_token(tenant_id: UUID, session_id: UUID) -> RefreshTokenParts:
    return RefreshTokenParts(tenant_id, session_id, secrets.token_hex(32))


def parse_refresh_token(token: str) -> RefreshTokenParts | None:
    parts = token.removeprefix(REFRESH_TOKEN_MARK).split("_")
    if not token.startswith(REFRESH_TOKEN_MARK) or len(parts) != 3 or len(parts[2]) != 64:
        return None
    try:
        return RefreshTokenParts(UUID(hex=parts[0]), UUID(hex=parts[1]), parts[2])
    except ValueError:
        return None
