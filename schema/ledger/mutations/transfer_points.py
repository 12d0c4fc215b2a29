"""transferPoints: points from one member to another, if the merchant allows it."""

from __future__ import annotations

import strawberry

from app.ledger.commands import MemberTransfer
from app.ledger.errors import LedgerError
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from schema.context import Info
from schema.ids import parse_id
from schema.ledger.types import IDEMPOTENT, PointsPayload, points_payload, refused
from schema.permissions import Access, actor_of, mutation, tenant_of
from schema.scalars import Points
from tenants.principals import MemberPrincipal
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class TransferPointsInput:
    from_member_id: strawberry.ID | None = strawberry.field(
        default=None, description="Required for staff and API keys; a member sends its own."
    )
    to_member_id: strawberry.ID
    amount: Points
    idempotency_key: str
    reason: str = ""


@mutation(
    Access(staff=StaffRole.ADMIN, key=ApiScope.POINTS_WRITE, member=True),
    "Move points between two members; the points keep their expiry. Only when the "
    "merchant's policy allows it. A member token sends its own points within the daily cap; "
    "staff and API keys name `fromMemberId`. Errors: TRANSFERS_DISABLED, DAILY_CAP_REACHED, "
    "INSUFFICIENT_POINTS, SAME_MEMBER, MEMBER_NOT_FOUND." + IDEMPOTENT,
)
async def resolve(info: Info, input: TransferPointsInput) -> PointsPayload:
    principal = info.context.principal
    if isinstance(principal, MemberPrincipal):
        tenant_id, sender, by_member = principal.tenant_id, principal.member_id, True
    else:
        tenant_id = tenant_of(info)
        sender, by_member = parse_id(input.from_member_id or ""), False
    command = MemberTransfer(
        sender, parse_id(input.to_member_id), input.amount, input.reason, by_member
    )
    request = JournalRequest(command, actor_of(info), input.idempotency_key)
    try:
        return points_payload(await post_journal(tenant_id, request))
    except LedgerError as error:
        return refused(error)
