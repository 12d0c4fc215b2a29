"""deductPoints: the merchant takes points from a member."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from app.ledger.commands import Deduct
from app.ledger.errors import LedgerError
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from schema.context import Info
from schema.ids import parse_id
from schema.ledger.types import IDEMPOTENT, PointsPayload, points_payload, references, refused
from schema.permissions import Access, actor_of, mutation, tenant_of
from schema.scalars import Points
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class DeductPointsInput:
    member_id: strawberry.ID
    amount: Points = strawberry.field(description="Points, 1 to 2^53-1.")
    reason: str
    idempotency_key: str
    currency: str | None = strawberry.field(
        default=None,
        description="The point currency's code; refused with WRONG_CURRENCY if "
        "it is not the merchant's.",
    )
    references: JSON | None = None


@mutation(
    Access(staff=StaffRole.ADMIN, key=ApiScope.POINTS_WRITE),
    "Take points from a member, earliest-expiring first. Errors: INSUFFICIENT_POINTS, "
    "INVALID_AMOUNT, MEMBER_NOT_FOUND, IDEMPOTENCY_KEY_REUSED." + IDEMPOTENT,
)
async def resolve(info: Info, input: DeductPointsInput) -> PointsPayload:
    tenant_id = tenant_of(info)
    try:
        metadata = references(input.references)
        command = Deduct(parse_id(input.member_id), input.amount, input.reason, metadata=metadata)
        request = JournalRequest(command, actor_of(info), input.idempotency_key, input.currency)
        return points_payload(await post_journal(tenant_id, request))
    except LedgerError as error:
        return refused(error)
