"""createStaffUser: an owner or admin adds a staff login to the merchant."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.errors import user_errors
from schema.idempotency import create_key_field
from schema.permissions import Access, mutation, staff_of
from schema.tenancy.types import StaffRoleEnum, StaffUser, TenancyUserError
from tenants.errors import TenancyError
from tenants.roles import StaffRole
from tenants.staff import NewStaff, create_staff_user


@strawberry.input
class CreateStaffUserInput:
    email: str
    password: str
    role: Annotated[StaffRole, StaffRoleEnum] = strawberry.field(
        description="Only owners may create OWNER."
    )
    display_name: str = ""
    idempotency_key: str | None = create_key_field()


@strawberry.type
class CreateStaffUserPayload:
    staff_user: StaffUser | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Add a staff login; only owners create owners. Errors: EMAIL_TAKEN, WEAK_PASSWORD, "
    "ROLE_NOT_ALLOWED, INVALID_INPUT, IDEMPOTENCY_KEY_REUSED.",
)
async def resolve(info: Info, input: CreateStaffUserInput) -> CreateStaffUserPayload:
    actor = staff_of(info)
    try:
        new = NewStaff(input.email, input.password, input.role, input.display_name)
        staff = await create_staff_user(actor, new, input.idempotency_key)
    except TenancyError as error:
        return CreateStaffUserPayload(user_errors=user_errors(error, TenancyUserError))
    return CreateStaffUserPayload(staff_user=StaffUser.from_model(staff))
