"""issueMemberToken: the merchant mints a JWT its member app uses as that member."""

from __future__ import annotations

from datetime import datetime, timedelta

import strawberry

from app.core.clock import utcnow
from app.members.errors import MemberError
from app.members.service import token_subject
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.members.types import MemberUserError
from schema.permissions import Access, mutation, tenant_of
from tenants.roles import ApiScope, StaffRole
from tenants.tokens import TokenClaims, TokenKind


@strawberry.input
class IssueMemberTokenInput:
    member_id: strawberry.ID
    ttl_seconds: int = strawberry.field(
        default=3600, description="60 up to the configured maximum (30 days by default)."
    )


@strawberry.type
class IssueMemberTokenPayload:
    token: str | None = None
    expires_at: datetime | None = None
    user_errors: list[MemberUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.STAFF, key=ApiScope.MEMBER_TOKENS),
    "Mint a member token for the merchant's member app. Errors: NOT_FOUND, MEMBER_BLOCKED, "
    "INVALID_INPUT.",
)
async def resolve(info: Info, input: IssueMemberTokenInput) -> IssueMemberTokenPayload:
    tenant_id = tenant_of(info)
    context = info.context
    member_id, ttl = parse_id(input.member_id), input.ttl_seconds
    try:
        member = await token_subject(tenant_id, member_id, ttl, context.settings)
    except MemberError as error:
        return IssueMemberTokenPayload(user_errors=user_errors(error, MemberUserError))
    token = context.tokens.mint(TokenClaims(TokenKind.MEMBER, member.id, tenant_id, None), ttl)
    return IssueMemberTokenPayload(token=token, expires_at=utcnow() + timedelta(seconds=ttl))
