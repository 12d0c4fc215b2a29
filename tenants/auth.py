"""Turning a bearer credential into a principal, checked against the database every time.

Staff roles, deactivation, logout, blocked members, revoked keys and suspended tenants take
effect on the next request: nothing about them is trusted from a token.
"""

from __future__ import annotations

from datetime import timedelta

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.members.models import Member, MemberStatus
from tenants.credentials import API_KEY_MARK, parse_api_key, secret_matches
from tenants.errors import AuthError, AuthErrorCode
from tenants.lookups import active_tenant, tenant_of_api_key
from tenants.models import ApiKey, Operator, StaffSession, StaffUser, Tenant
from tenants.principals import (
    Anonymous,
    ApiKeyPrincipal,
    MemberPrincipal,
    OperatorPrincipal,
    Principal,
    StaffPrincipal,
)
from tenants.roles import ApiScope
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
        return await _api_key_principal(credential)
    claims = tokens.verify(credential)
    if claims.kind is TokenKind.OPERATOR:
        return await _operator_principal(claims)
    tenant = await _tenant_of(claims)
    if claims.kind is TokenKind.STAFF:
        return await _staff_principal(claims, tenant)
    return await _member_principal(claims, tenant)


async def _tenant_of(claims: TokenClaims) -> Tenant:
    if claims.tenant_id is None:
        raise _refused("Token names no tenant.")
    tenant = await active_tenant(claims.tenant_id)
    if tenant is None:
        raise AuthError(AuthErrorCode.TENANT_SUSPENDED, "This merchant account is suspended.")
    return tenant


async def _operator_principal(claims: TokenClaims) -> OperatorPrincipal:
    if not await Operator.exists(id=claims.subject, is_active=True):
        raise _refused("Operator account is not active.")
    return OperatorPrincipal(operator_id=claims.subject)


async def _staff_principal(claims: TokenClaims, tenant: Tenant) -> StaffPrincipal:
    if claims.session_family is None:
        raise _refused("Staff token names no session.")
    async with tenant_scope(tenant.id):
        staff = await StaffUser.get_or_none(id=claims.subject, is_active=True)
        revoked = await StaffSession.exists(
            family_id=claims.session_family, revoked_at__isnull=False
        )
    if staff is None or revoked:
        raise _refused("Session has ended.")
    return StaffPrincipal(tenant.id, staff.id, staff.role, claims.session_family)


async def _member_principal(claims: TokenClaims, tenant: Tenant) -> MemberPrincipal:
    async with tenant_scope(tenant.id):
        active = await Member.exists(id=claims.subject, status=MemberStatus.ACTIVE)
    if not active:
        raise _refused("Member is blocked or unknown.")
    return MemberPrincipal(tenant.id, claims.subject, tenant.rate_limit_per_minute)


async def _api_key_principal(credential: str) -> ApiKeyPrincipal:
    parts = parse_api_key(credential)
    tenant_id = await tenant_of_api_key(parts.prefix) if parts else None
    if parts is None or tenant_id is None:
        raise _refused("Unknown API key.")
    tenant = await active_tenant(tenant_id)
    if tenant is None:
        raise AuthError(AuthErrorCode.TENANT_SUSPENDED, "This merchant account is suspended.")
    async with tenant_scope(tenant.id):
        key = await ApiKey.get_or_none(prefix=parts.prefix, revoked_at__isnull=True)
        if key is None or not secret_matches(parts.secret, key.secret_hash):
            raise _refused("Unknown or revoked API key.")
        now = utcnow()
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
            await ApiKey.filter(id=key.id).update(last_used_at=now)
    scopes = frozenset(ApiScope(scope) for scope in key.scopes)
    return ApiKeyPrincipal(tenant.id, key.id, scopes, tenant.rate_limit_per_minute)


def _refused(message: str) -> AuthError:
    return AuthError(AuthErrorCode.UNAUTHENTICATED, message)
