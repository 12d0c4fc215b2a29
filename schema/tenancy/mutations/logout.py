"""logout: end the caller's staff session."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.permissions import Access, mutation, staff_of
from schema.tenancy.types import TenancyUserError
from tenants.roles import StaffRole
from tenants.sessions import logout


@strawberry.type
class LogoutPayload:
    ok: bool
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.VIEWER),
    "End the caller's session: its access and refresh tokens stop working.",
)
async def resolve(info: Info) -> LogoutPayload:
    principal = staff_of(info)
    await logout(principal.tenant_id, principal.session_family)
    return LogoutPayload(ok=True)
