"""Platform operators: created from the command line, log in for a short-lived token.

Each login opens an operator session whose id the token carries (`sid`); ending the session
(logout) ends the token at once, as a staff logout does. Operator tokens have no refresh: when
one expires the operator logs in again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from tortoise.exceptions import IntegrityError

from app.core.clock import utcnow
from app.core.settings import Settings
from app.core.validation import is_email, normalize_email
from tenants.errors import TenancyError, TenancyErrorCode
from tenants.models import Operator, OperatorSession
from tenants.passwords import hash_password, password_weakness, verify_password
from tenants.tokens import TokenClaims, TokenIssuer, TokenKind


@dataclass(frozen=True)
class OperatorToken:
    access_token: str
    expires_in: int


async def create_operator(email: str, password: str) -> Operator:
    email = normalize_email(email)
    if not is_email(email):
        raise TenancyError(TenancyErrorCode.INVALID_INPUT, "Not a valid email address.", "email")
    weakness = password_weakness(password, email)
    if weakness:
        raise TenancyError(TenancyErrorCode.WEAK_PASSWORD, weakness, "password")
    password_hash = await hash_password(password)
    try:
        return await Operator.create(email=email, password_hash=password_hash)
    except IntegrityError as exc:
        raise TenancyError(TenancyErrorCode.EMAIL_TAKEN, "Operator exists.", "email") from exc


async def login_operator(
    email: str, password: str, tokens: TokenIssuer, settings: Settings
) -> OperatorToken:
    operator = await Operator.get_or_none(email=normalize_email(email), is_active=True)
    if (
        not await verify_password(operator.password_hash if operator else None, password)
        or not operator
    ):
        raise TenancyError(TenancyErrorCode.INVALID_CREDENTIALS, "Email or password is wrong.")
    ttl = settings.operator_token_ttl_seconds
    session = await OperatorSession.create(
        operator_id=operator.id, expires_at=utcnow() + timedelta(seconds=ttl)
    )
    token = tokens.mint(TokenClaims(TokenKind.OPERATOR, operator.id, None, session.id), ttl)
    return OperatorToken(token, ttl)


async def end_operator_session(session_id: UUID) -> None:
    """Log out: the session's token stops working on the next request."""
    await OperatorSession.filter(id=session_id, ended_at__isnull=True).update(ended_at=utcnow())


async def operator_email(operator_id: UUID) -> str | None:
    operator = await Operator.get_or_none(id=operator_id)
    return operator.email if operator else None
