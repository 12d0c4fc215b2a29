"""Turning a bearer credential into a principal, checked against the database every time.

Staff roles, deactivation, logout, blocked members, revoked keys and suspended tenants take
effect on the next request: nothing about them is trusted from a token. Each check is one
statement (the `auth_*` functions of migration 0005), made again only after an authorization
changed or after a few seconds (`principal_cache`).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from tortoise.connection import get_connection

from app.core.clock import utcnow
from app.core.db import tenant_scope, with_retries
from tenants.credentials import API_KEY_MARK, parse_api_key, secret_matches
from tenants.errors import AuthError, AuthErrorCode
from tenants.models import ApiKey
from tenants.principal_cache import PRINCIPALS
from tenants.principals import (
    Anonymous,
    ApiKeyPrincipal,
    MemberPrincipal,
    OperatorPrincipal,
    Principal,
    StaffPrincipal,
)
from tenants.roles import ApiScope, StaffRole
from tenants.tokens import TokenClaims, TokenIssuer, TokenKind

# last_used_at is informational: refresh it at most this often instead of on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


async def authenticate(authorization: str | None, tokens: TokenIssuer) -> Principal:
    """The principal behind an `Authorization: Bearer ...` header (Anonymous when absent)."""
    if not authorization:
        return Anonymous()
    scheme, _, credential = authorization.partition(" ")
    credential = credential.strip()
    if scheme.lower() != "bearer" or not credential:
        raise _refused("Authorization must be 'Bearer <token or API key>'.")
    if credential.startswith(API_KEY_MARK):
        return await _remembered(credential, lambda: _api_key_principal(credential))
    claims = tokens.verify(credential)
    if claims.kind is TokenKind.OPERATOR:
        return await _remembered(credential, lambda: _operator_principal(claims))
    if claims.kind is TokenKind.STAFF:
        return await _remembered(credential, lambda: _staff_principal(claims))
    return await _remembered(credential, lambda: _member_principal(claims))


async def _remembered(credential: str, check: Callable[[], Awaitable[Principal]]) -> Principal:
    """The principal the database gave for `credential`, from the process's cache while no
    authorization has changed since (`principal_cache`); a token's signature and expiry are
    checked on every request all the same."""
    principal = PRINCIPALS.get(credential)
    if principal is None:
        generation = PRINCIPALS.generation
        principal = await check()
        PRINCIPALS.put(credential, principal, generation)
    return principal


async def _row(sql: str, *args: Any) -> dict[str, Any] | None:
    """One read; a connection lost under it (after a failover) is retried on a fresh one."""

    async def read() -> list[dict[str, Any]]:
        return await get_connection("default").execute_query_dict(sql, list(args))

    rows = await with_retries(read, idempotent=True)
    return rows[0] if rows else None


def _check_tenant(row: dict[str, Any] | None, tenant_id: UUID | None, what: str) -> dict[str, Any]:
    if row is None or (tenant_id is not None and UUID(str(row["tenant_id"])) != tenant_id):
        raise _refused(what)
    if not row["tenant_active"]:
        raise AuthError(AuthErrorCode.TENANT_SUSPENDED, "This merchant account is suspended.")
    return row


async def _operator_principal(claims: TokenClaims) -> OperatorPrincipal:
    if claims.session_family is None:
        raise _refused("Operator token names no session.")
    row = await _row(
        "SELECT 1 FROM operator_session s JOIN operator o ON o.id = s.operator_id"
        " WHERE s.id = $1 AND s.operator_id = $2 AND s.ended_at IS NULL AND o.is_active",
        claims.session_family,
        claims.subject,
    )
    if row is None:
        raise _refused("Operator session has ended or the account is not active.")
    return OperatorPrincipal(operator_id=claims.subject, session_id=claims.session_family)


async def _staff_principal(claims: TokenClaims) -> StaffPrincipal:
    if claims.session_family is None or claims.tenant_id is None:
        raise _refused("Staff token names no session.")
    row = await _row("SELECT * FROM auth_staff($1, $2)", claims.subject, claims.session_family)
    row = _check_tenant(row, claims.tenant_id, "Session has ended.")
    return StaffPrincipal(
        claims.tenant_id, claims.subject, StaffRole(row["role"]), claims.session_family
    )


async def _member_principal(claims: TokenClaims) -> MemberPrincipal:
    if claims.tenant_id is None:
        raise _refused("Token names no tenant.")
    row = await _row("SELECT * FROM auth_member($1, $2)", claims.tenant_id, claims.subject)
    row = _check_tenant(row, claims.tenant_id, "Member is blocked or unknown.")
    return MemberPrincipal(claims.tenant_id, claims.subject, row["rate_limit_per_minute"])


async def _api_key_principal(credential: str) -> ApiKeyPrincipal:
    parts = parse_api_key(credential)
    row = await _row("SELECT * FROM auth_api_key($1)", parts.prefix) if parts else None
    if parts is None or row is None or not secret_matches(parts.secret, row["secret_hash"]):
        raise _refused("Unknown or revoked API key.")
    row = _check_tenant(row, None, "Unknown or revoked API key.")
    tenant_id, key_id = UUID(str(row["tenant_id"])), UUID(str(row["key_id"]))
    last_used = row["last_used_at"]
    if last_used is None or utcnow() - last_used > LAST_USED_RESOLUTION:
        async with tenant_scope(tenant_id):
            await ApiKey.filter(id=key_id).update(last_used_at=utcnow())
    scopes = row["scopes"]
    names = scopes if isinstance(scopes, list) else _json_list(scopes)
    return ApiKeyPrincipal(
        tenant_id, key_id, frozenset(ApiScope(s) for s in names), row["rate_limit_per_minute"]
    )


def _json_list(value: str) -> list[str]:
    loaded: list[str] = json.loads(value)
    return loaded


def _refused(message: str) -> AuthError:
    return AuthError(AuthErrorCode.UNAUTHENTICATED, message)
