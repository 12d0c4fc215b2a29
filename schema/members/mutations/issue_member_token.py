"""issueMemberToken: the merchant mints a JWT its member app uses as that member."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.members.errors import MemberError
from app.members.service import issue_member_token
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.members.types import MemberUserError
from schema.permissions import require_merchant
from tenants.roles import ApiScope, StaffRole


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


async def resolve(info: Info, input: IssueMemberTokenInput) -> IssueMemberTokenPayload:
    tenant_id = require_merchant(info, StaffRole.STAFF, ApiScope.MEMBER_TOKENS)
    context = info.context
    try:
        issued = await issue_member_token(
            tenant_id,
            parse_id(input.member_id),
            input.ttl_seconds,
            context.tokens,
            context.settings,
        )
    except MemberError as error:
        return IssueMemberTokenPayload(user_errors=user_errors(error, MemberUserError))
    return IssueMemberTokenPayload(token=issued.token, expires_at=issued.expires_at)
