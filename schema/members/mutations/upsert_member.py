"""upsertMember: create or update a member keyed by the merchant's external id."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry.scalars import JSON

from app.earning.occasion_awards import welcome_member
from app.members.errors import MemberError
from schema.context import Info
from schema.errors import user_errors
from schema.members.types import Member, MemberUserError
from schema.permissions import Access, mutation, tenant_of
from tenants.roles import ApiScope, StaffRole


@strawberry.input(description="Omitted fields stay as they are; null clears a field.")
class UpsertMemberInput:
    external_id: str = strawberry.field(description="The merchant's own id, 1-128 characters.")
    email: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    display_name: str | None = strawberry.UNSET
    birthday: date | None = strawberry.UNSET
    phone_verified: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="The merchant checked the phone (say, by an SMS code). A changed phone is "
        "unverified unless this says so; platform wallets link only by verified contacts.",
    )
    email_verified: bool | None = strawberry.field(
        default=strawberry.UNSET, description="As phoneVerified, for the email."
    )
    attributes: JSON | None = strawberry.UNSET


@strawberry.type
class UpsertMemberPayload:
    member: Member | None = None
    created: bool = strawberry.field(default=False, description="True when the member is new.")
    user_errors: list[MemberUserError] = strawberry.field(default_factory=list)


PROFILE_FIELDS = (
    "email",
    "phone",
    "display_name",
    "birthday",
    "attributes",
    "phone_verified",
    "email_verified",
)


@mutation(
    Access(staff=StaffRole.STAFF, key=ApiScope.MEMBERS_WRITE),
    "Create or update a member by the merchant's external id. Safe to repeat. Errors: "
    "INVALID_INPUT.",
)
async def resolve(info: Info, input: UpsertMemberInput) -> UpsertMemberPayload:
    tenant_id = tenant_of(info)
    changes: dict[str, Any] = {
        name: getattr(input, name)
        for name in PROFILE_FIELDS
        if getattr(input, name) is not strawberry.UNSET
    }
    try:
        result = await welcome_member(tenant_id, input.external_id, changes)
    except MemberError as error:
        return UpsertMemberPayload(user_errors=user_errors(error, MemberUserError))
    return UpsertMemberPayload(member=Member.from_model(result.member), created=result.created)
