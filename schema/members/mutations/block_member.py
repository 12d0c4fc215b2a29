"""blockMember: a blocked member's tokens stop working at once."""

from __future__ import annotations

from app.members.models import MemberStatus
from schema.context import Info
from schema.ids import parse_id
from schema.members.types import MemberStatusInput, MemberStatusPayload, set_status
from schema.permissions import Access, mutation, tenant_of
from tenants.roles import ApiScope, StaffRole


@mutation(
    Access(staff=StaffRole.STAFF, key=ApiScope.MEMBERS_WRITE),
    "Block a member: their tokens stop working. Errors: NOT_FOUND, ALREADY_IN_STATE.",
)
async def resolve(info: Info, input: MemberStatusInput) -> MemberStatusPayload:
    return await set_status(tenant_of(info), parse_id(input.member_id), MemberStatus.BLOCKED)
