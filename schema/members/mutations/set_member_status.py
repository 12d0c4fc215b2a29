"""blockMember / unblockMember: a blocked member's tokens stop working at once."""

from __future__ import annotations

import strawberry

from app.members.errors import MemberError
from app.members.models import MemberStatus
from app.members.service import set_member_status
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.members.types import Member, MemberUserError
from schema.permissions import require_merchant
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class MemberStatusInput:
    member_id: strawberry.ID


@strawberry.type
class MemberStatusPayload:
    member: Member | None = None
    user_errors: list[MemberUserError] = strawberry.field(default_factory=list)


async def _set(info: Info, input: MemberStatusInput, status: MemberStatus) -> MemberStatusPayload:
    tenant_id = require_merchant(info, StaffRole.STAFF, ApiScope.MEMBERS_WRITE)
    try:
        member = await set_member_status(tenant_id, parse_id(input.member_id), status)
    except MemberError as error:
        return MemberStatusPayload(user_errors=user_errors(error, MemberUserError))
    return MemberStatusPayload(member=Member.from_model(member))


async def block(info: Info, input: MemberStatusInput) -> MemberStatusPayload:
    return await _set(info, input, MemberStatus.BLOCKED)


async def unblock(info: Info, input: MemberStatusInput) -> MemberStatusPayload:
    return await _set(info, input, MemberStatus.ACTIVE)
