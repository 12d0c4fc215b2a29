"""logout: end the caller's staff session."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.permissions import require_staff
from schema.tenancy.types import TenancyUserError
from tenants.sessions import logout


@strawberry.type
class LogoutPayload:
    ok: bool
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


async def resolve(info: Info) -> LogoutPayload:
    principal = require_staff(info)
    await logout(principal.tenant_id, principal.session_family)
    return LogoutPayload(ok=True)
