"""logout: end the caller's staff or operator session."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.permissions import Access, mutation
from schema.tenancy.types import TenancyUserError
from tenants.operators import end_operator_session
from tenants.principals import OperatorPrincipal, StaffPrincipal
from tenants.roles import StaffRole
from tenants.sessions import logout


@strawberry.type
class LogoutPayload:
    ok: bool
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.VIEWER, operator=True),
    "End the caller's session: its access and refresh tokens stop working.",
)
async def resolve(info: Info) -> LogoutPayload:
    principal = info.context.principal
    if isinstance(principal, OperatorPrincipal):
        await end_operator_session(principal.session_id)
    elif isinstance(principal, StaffPrincipal):
        await logout(principal.tenant_id, principal.session_family)
    return LogoutPayload(ok=True)
