"""setAllowedOrigins: the origins browsers may call the API from for this merchant (CORS)."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.errors import user_errors
from schema.permissions import Access, mutation, staff_of
from schema.tenancy.types import TenancyUserError
from tenants.errors import TenancyError
from tenants.origins import MAX_ORIGINS, set_allowed_origins
from tenants.roles import StaffRole


@strawberry.input
class SetAllowedOriginsInput:
    origins: list[str] = strawberry.field(
        description=f"Every origin, replacing the list: `https://m.shop.example` (scheme, host, "
        f"optional port; http only for localhost). At most {MAX_ORIGINS}; [] allows none."
    )


@strawberry.type
class SetAllowedOriginsPayload:
    origins: list[str] | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Let pages on these origins (the merchant's H5 mall, its apps) call the API from a browser "
    "with this merchant's credentials. Errors: INVALID_INPUT.",
)
async def resolve(info: Info, input: SetAllowedOriginsInput) -> SetAllowedOriginsPayload:
    try:
        origins = await set_allowed_origins(staff_of(info), input.origins)
    except TenancyError as error:
        return SetAllowedOriginsPayload(user_errors=user_errors(error, TenancyUserError))
    return SetAllowedOriginsPayload(origins=origins)
