"""JSON Web Tokens for staff, members and operators.

Only configured algorithms verify: the header's `kid` picks the key and the key fixes the
algorithm, so `alg: none` or a token signed with another algorithm (say HS256 with a public key
as secret) never verifies. `iss`, `aud`, `exp`, `nbf` and `iat` are required and checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

import jwt

from app.core.clock import utcnow
from app.core.ids import uuid7
from app.core.settings import JwtKey, Settings
from tenants.errors import AuthError, AuthErrorCode

LEEWAY_SECONDS = 10


class TokenKind(StrEnum):
    STAFF = "staff"
    MEMBER = "member"
    OPERATOR = "operator"


@dataclass(frozen=True)
class TokenClaims:
    kind: TokenKind
    subject: UUID
    tenant_id: UUID | None
    session_family: UUID | None


class TokenIssuer:
    """Mints and verifies access tokens with the configured keys."""

    def __init__(self, settings: Settings) -> None:
        self._keys = {key.kid: key for key in settings.jwt_keys}
        self._signing: JwtKey = settings.active_jwt_key
        self._issuer = settings.jwt_issuer
        self._audience = settings.jwt_audience

    def mint(self, claims: TokenClaims, ttl_seconds: int) -> str:
        now = utcnow()
        payload: dict[str, Any] = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": str(claims.subject),
            "typ": claims.kind.value,
            "iat": now,
            "nbf": now,
            "exp": now + timedelta(seconds=ttl_seconds),
            "jti": str(uuid7()),
        }
        if claims.tenant_id is not None:
            payload["tid"] = str(claims.tenant_id)
        if claims.session_family is not None:
            payload["sid"] = str(claims.session_family)
        key = self._signing
        return jwt.encode(
            payload, key.signing_key, algorithm=key.algorithm, headers={"kid": key.kid}
        )

    def verify(self, token: str) -> TokenClaims:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise _invalid("Malformed token.") from exc
        key = self._keys.get(str(header.get("kid")))
        if key is None or header.get("alg") != key.algorithm:
            raise _invalid("Token signed with an unknown key or algorithm.")
        try:
            payload = jwt.decode(
                token,
                key.verification_key,
                algorithms=[key.algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "nbf", "iss", "aud", "sub", "typ"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthError(AuthErrorCode.TOKEN_EXPIRED, "Token has expired.") from exc
        except jwt.InvalidTokenError as exc:
            raise _invalid("Invalid token.") from exc
        return _claims(payload)


def _claims(payload: dict[str, Any]) -> TokenClaims:
    try:
        kind = TokenKind(payload["typ"])
        tenant = payload.get("tid")
        family = payload.get("sid")
        return TokenClaims(
            kind=kind,
            subject=UUID(payload["sub"]),
            tenant_id=UUID(tenant) if tenant else None,
            session_family=UUID(family) if family else None,
        )
    except (ValueError, TypeError) as exc:
        raise _invalid("Invalid token claims.") from exc


def _invalid(message: str) -> AuthError:
    return AuthError(AuthErrorCode.UNAUTHENTICATED, message)
