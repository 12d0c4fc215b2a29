"""updateStaffRole: change a staff user's role."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, mutation, staff_of
from schema.tenancy.types import StaffRoleEnum, StaffUser, TenancyUserError
from tenants.errors import TenancyError
from tenants.roles import StaffRole
from tenants.staff import update_staff_role


@strawberry.input
class UpdateStaffRoleInput:
    staff_id: strawberry.ID
    role: Annotated[StaffRole, StaffRoleEnum]


@strawberry.type
class UpdateStaffRolePayload:
    staff_user: StaffUser | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Change a staff user's role; only owners change owners. Errors: NOT_FOUND, "
    "ROLE_NOT_ALLOWED, LAST_OWNER.",
)
async def resolve(info: Info, input: UpdateStaffRoleInput) -> UpdateStaffRolePayload:
    actor = staff_of(info)
    try:
        staff = await update_staff_role(actor, parse_id(input.staff_id), input.role)
    except TenancyError as error:
        return UpdateStaffRolePayload(user_errors=user_errors(error, TenancyUserError))
    return UpdateStaffRolePayload(staff_user=StaffUser.from_model(staff))
