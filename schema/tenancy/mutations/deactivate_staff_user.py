"""deactivateStaffUser: disable a staff login and end its sessions."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, mutation, staff_of
from schema.tenancy.types import StaffUser, TenancyUserError
from tenants.errors import TenancyError
from tenants.roles import StaffRole
from tenants.staff import deactivate_staff_user


@strawberry.input
class DeactivateStaffUserInput:
    staff_id: strawberry.ID


@strawberry.type
class DeactivateStaffUserPayload:
    staff_user: StaffUser | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Disable a staff login and end its sessions at once. Errors: NOT_FOUND, ROLE_NOT_ALLOWED, "
    "LAST_OWNER, ALREADY_IN_STATE.",
)
async def resolve(info: Info, input: DeactivateStaffUserInput) -> DeactivateStaffUserPayload:
    actor = staff_of(info)
    try:
        staff = await deactivate_staff_user(actor, parse_id(input.staff_id))
    except TenancyError as error:
        return DeactivateStaffUserPayload(user_errors=user_errors(error, TenancyUserError))
    return DeactivateStaffUserPayload(staff_user=StaffUser.from_model(staff))
