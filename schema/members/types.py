"""GraphQL types of members."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from app.members import models
from app.members.errors import MemberErrorCode
from app.members.models import MemberStatus

MemberErrorCodeEnum = strawberry.enum(
    MemberErrorCode, name="MemberErrorCode", description="Why a member mutation was refused."
)
MemberStatusEnum = strawberry.enum(
    MemberStatus,
    description="BLOCKED members' tokens are refused and they cannot be issued new ones.",
)


@strawberry.type(description="A refused member mutation: which field, why, and a readable message.")
class MemberUserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    code: Annotated[MemberErrorCode, MemberErrorCodeEnum]
    message: str


@strawberry.type(description="A member (customer) of the merchant.")
class Member:
    id: strawberry.ID
    external_id: str = strawberry.field(description="The merchant's own id for this member.")
    email: str | None
    phone: str | None
    display_name: str
    birthday: date | None
    attributes: JSON = strawberry.field(description="Free-form JSON object the merchant keeps.")
    status: Annotated[MemberStatus, MemberStatusEnum]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, member: models.Member) -> Member:
        attributes: dict[str, Any] = member.attributes
        return cls(
            id=strawberry.ID(str(member.id)),
            external_id=member.external_id,
            email=member.email,
            phone=member.phone,
            display_name=member.display_name,
            birthday=member.birthday,
            attributes=JSON(attributes),
            status=member.status,
            created_at=member.created_at,
            updated_at=member.updated_at,
        )
