"""`program`: the programme for member apps, API keys and staff."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.members.service import get_member
from schema.context import Info
from schema.ids import parse_id
from schema.permissions import Access, query, reader_of
from schema.program.types import Program
from tenants.roles import StaffRole


@strawberry.type
class ProgramQueries:
    @query(
        Access(staff=StaffRole.VIEWER, any_key=True, member=True),
        "The programme as a member app shows it: live earning rules with what they pay, "
        "campaigns, the check-in calendar, the expiry policy and tiers; for a member token "
        "(or staff and API keys naming `memberId`) with that member's standing.",
    )
    async def program(
        self,
        info: Info,
        member_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Staff and API keys: whose standing to add (an unknown or another "
                "merchant's member adds none). A member token always reads its own."
            ),
        ] = None,
    ) -> Program:
        tenant_id, reader = reader_of(info)
        member = reader
        if member is None and member_id is not None:
            found = await get_member(tenant_id, member_id=parse_id(member_id))
            member = found.id if found else None
        return Program(tenant_id=tenant_id, member_id=member)
