"""awardPoints: the merchant gives a member points."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.exchange.treasury import award_platform_points
from app.ledger.commands import Award
from app.ledger.currencies import PLATFORM_CODE
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
class AwardPointsInput:
    member_id: strawberry.ID
    amount: Points = strawberry.field(description="Points, 1 to 2^53-1.")
    reason: str = strawberry.field(description="Shown in the member's history; up to 200 chars.")
    idempotency_key: str = strawberry.field(
        description="Repeating a key replays the first answer; reusing it for another request "
        "is refused with IDEMPOTENCY_KEY_REUSED."
    )
    currency: str | None = strawberry.field(
        default=None,
        description="The point currency's code; refused with WRONG_CURRENCY if it is neither "
        "the merchant's nor PLAT. PLAT comes from the merchant's treasury (see "
        "purchasePlatformPoints) and goes to the member's platform wallet.",
    )
    expires_at: datetime | None = strawberry.field(
        default=None, description="Overrides the merchant's expiry policy for these points."
    )
    references: JSON | None = strawberry.field(
        default=None, description='What the points are for, e.g. {"order_id": "A-1"}.'
    )


@mutation(
    Access(staff=StaffRole.ADMIN, key=ApiScope.POINTS_WRITE),
    "Give a member points, as a lot that expires by the merchant's policy (or `expiresAt`). "
    "Errors: INVALID_AMOUNT, MEMBER_NOT_FOUND, MEMBER_BLOCKED, IDEMPOTENCY_KEY_REUSED."
    + IDEMPOTENT,
)
async def resolve(info: Info, input: AwardPointsInput) -> PointsPayload:
    tenant_id = tenant_of(info)
    try:
        command = Award(
            parse_id(input.member_id),
            input.amount,
            input.reason,
            input.expires_at,
            metadata=references(input.references),
        )
        if (input.currency or "").strip().upper() == PLATFORM_CODE:
            return points_payload(
                await award_platform_points(
                    tenant_id, command.member_id, command, input.idempotency_key, actor_of(info)
                )
            )
        request = JournalRequest(command, actor_of(info), input.idempotency_key, input.currency)
        return points_payload(await post_journal(tenant_id, request))
    except LedgerError as error:
        return refused(error)
