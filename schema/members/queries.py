"""Member queries: one member, a page of members, and `me` for member tokens."""

from __future__ import annotations

import strawberry

from app.members.service import get_member, list_members
from schema.context import Info
from schema.ids import parse_id
from schema.members.types import Member
from schema.pagination import Connection, connection, page_request
from schema.permissions import MEMBER, Access, member_of, query, tenant_of
from tenants.principals import MemberPrincipal
from tenants.roles import ApiScope, StaffRole


@strawberry.type
class MemberQueries:
    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.MEMBERS_READ, member=True),
        "One member by `id` or `externalId`; null when unknown. A member token sees only its "
        "own member.",
    )
    async def member(
        self, info: Info, id: strawberry.ID | None = None, external_id: str | None = None
    ) -> Member | None:
        principal = info.context.principal
        if isinstance(principal, MemberPrincipal):
            found = await get_member(principal.tenant_id, member_id=principal.member_id)
            same = found is not None and (
                (id is not None and parse_id(id) == found.id) or external_id == found.external_id
            )
            return Member.from_model(found) if found and same else None
        tenant_id = tenant_of(info)
        if id is None and external_id is None:
            return None
        member = await get_member(
            tenant_id, member_id=parse_id(id) if id is not None else None, external_id=external_id
        )
        return Member.from_model(member) if member else None

    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.MEMBERS_READ),
        "Members oldest first; `search` matches external id, email, phone or name. `first` at "
        "most 100.",
    )
    async def members(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        search: str | None = None,
    ) -> Connection[Member]:
        tenant_id = tenant_of(info)
        page = await list_members(tenant_id, search, page_request(first, after, last, before))
        return connection(page, Member.from_model)

    @query(MEMBER, "The member behind a member token.")
    async def me(self, info: Info) -> Member | None:
        principal = member_of(info)
        member = await get_member(principal.tenant_id, member_id=principal.member_id)
        return Member.from_model(member) if member else None
