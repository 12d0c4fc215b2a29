"""Staff sessions: login, refresh-token rotation with reuse detection, logout.

A login opens a session family. Each refresh marks the presented token used and issues the
next one in the family. Presenting a token that was already used means it leaked: the whole
family is revoked, which also ends the access tokens minted from it (auth checks the family).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.ids import uuid7
from app.core.settings import Settings
from app.core.validation import normalize_email
from tenants.credentials import hash_secret, new_refresh_token, parse_refresh_token, secret_matches
from tenants.errors import TenancyError, TenancyErrorCode
from tenants.lookups import active_tenant, tenant_of_staff_email
from tenants.models import StaffSession, StaffUser
from tenants.passwords import verify_password
from tenants.tokens import TokenClaims, TokenIssuer, TokenKind


@dataclass(frozen=True)
class SessionTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    staff_id: UUID
    tenant_id: UUID


async def start_session(staff: StaffUser, tokens: TokenIssuer, settings: Settings) -> SessionTokens:
    """Open a new session family for `staff`; call inside the tenant's transaction."""
    return await _issue(staff, uuid7(), tokens, settings)


async def login(
    email: str, password: str, tokens: TokenIssuer, settings: Settings
) -> SessionTokens:
    """Check a staff email and password and open a session."""
    email = normalize_email(email)
    if "\x00" in email:  # no login has one, and PostgreSQL text cannot hold it
        raise TenancyError(TenancyErrorCode.INVALID_CREDENTIALS, "Email or password is wrong.")
    tenant_id = await tenant_of_staff_email(email)
    staff = None
    if tenant_id is not None:
        async with tenant_scope(tenant_id):
            staff = await StaffUser.get_or_none(email=email)
    valid = await verify_password(staff.password_hash if staff else None, password)
    if staff is None or not valid or not staff.is_active:
        raise TenancyError(TenancyErrorCode.INVALID_CREDENTIALS, "Email or password is wrong.")
    if await active_tenant(staff.tenant_id) is None:
        raise TenancyError(TenancyErrorCode.TENANT_SUSPENDED, "This merchant account is suspended.")
    async with tenant_scope(staff.tenant_id):
        await StaffUser.filter(id=staff.id).update(last_login_at=utcnow())
        return await start_session(staff, tokens, settings)


async def refresh(refresh_token: str, tokens: TokenIssuer, settings: Settings) -> SessionTokens:
    """Rotate a refresh token; a reused one revokes its whole family."""
    parts = parse_refresh_token(refresh_token)
    if parts is None or await active_tenant(parts.tenant_id) is None:
        raise _invalid_refresh()
    async with tenant_scope(parts.tenant_id):
        session = await StaffSession.select_for_update().get_or_none(id=parts.session_id)
        if session is None or not secret_matches(parts.secret, session.token_hash):
            raise _invalid_refresh()
        now = utcnow()
        reused = session.used_at is not None
        if reused:
            await _revoke_family(session.family_id)
        elif session.revoked_at is None and session.expires_at > now:
            staff = await StaffUser.get_or_none(id=session.staff_id, is_active=True)
            if staff is not None:
                await StaffSession.filter(id=session.id).update(used_at=now)
                return await _issue(staff, session.family_id, tokens, settings)
    raise _invalid_refresh()


async def logout(tenant_id: UUID, session_family: UUID) -> None:
    """End the session family: its refresh and access tokens stop working."""
    async with tenant_scope(tenant_id):
        await _revoke_family(session_family)


async def logout_by_refresh_token(refresh_token: str) -> None:
    """End the session family a refresh token belongs to (used or not); a token that is not
    one of ours ends nothing."""
    parts = parse_refresh_token(refresh_token)
    if parts is None or await active_tenant(parts.tenant_id) is None:
        return
    async with tenant_scope(parts.tenant_id):
        session = await StaffSession.get_or_none(id=parts.session_id)
        if session is not None and secret_matches(parts.secret, session.token_hash):
            await _revoke_family(session.family_id)


async def revoke_staff_sessions(staff_id: UUID) -> None:
    """End every session of one staff user; call inside the tenant's transaction."""
    await StaffSession.filter(staff_id=staff_id, revoked_at__isnull=True).update(
        revoked_at=utcnow()
    )


async def _revoke_family(family_id: UUID) -> None:
    await StaffSession.filter(family_id=family_id, revoked_at__isnull=True).update(
        revoked_at=utcnow()
    )


async def _issue(
    staff: StaffUser, family_id: UUID, tokens: TokenIssuer, settings: Settings
) -> SessionTokens:
    session_id = uuid7()
    parts = new_refresh_token(staff.tenant_id, session_id)
    await StaffSession.create(
        id=session_id,
        tenant_id=staff.tenant_id,
        family_id=family_id,
        staff_id=staff.id,
        token_hash=hash_secret(parts.secret),
        expires_at=utcnow() + timedelta(seconds=settings.refresh_token_ttl_seconds),
    )
    claims = TokenClaims(TokenKind.STAFF, staff.id, staff.tenant_id, family_id)
    ttl = settings.access_token_ttl_seconds
    return SessionTokens(tokens.mint(claims, ttl), parts.token, ttl, staff.id, staff.tenant_id)


def _invalid_refresh() -> TenancyError:
    return TenancyError(
        TenancyErrorCode.INVALID_REFRESH_TOKEN, "Refresh token is invalid, used or expired."
    )
