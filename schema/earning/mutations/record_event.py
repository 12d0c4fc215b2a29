"""recordEvent: a member did a task the merchant pays points for."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.core.clock import utcnow
from app.earning import occasion_awards
from app.earning.errors import EarningError
from schema.context import Info
from schema.earning.types import EarnedPayload, EarningUserError
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from schema.scalars import Points
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class RecordEventInput:
    member_id: strawberry.ID
    code: str = strawberry.field(description="The task's code, e.g. review or bind_wechat.")
    idempotency_key: str = strawberry.field(description="One event pays once per key.")
    occurred_at: datetime | None = None
    attributes: JSON | None = strawberry.field(default=None, description="Kept for the merchant.")


@mutation(
    Access(staff=StaffRole.ADMIN, key=ApiScope.EVENTS_WRITE),
    "A member did a task (review, share, ...): pays the EVENT rules with that code, once per "
    "idempotencyKey, within their caps. Errors: RULE_NOT_FOUND, MEMBER_NOT_FOUND, "
    "MEMBER_BLOCKED, ALREADY_EARNED, LIMIT_REACHED (its rule has paid this member memberLimit "
    "times).",
)
async def resolve(info: Info, input: RecordEventInput) -> EarnedPayload:
    tenant_id = tenant_of(info)
    try:
        earned = await occasion_awards.record_event(
            tenant_id, parse_id(input.member_id), input.code.strip(), input.occurred_at or utcnow(),
            input.idempotency_key,
        )  # fmt: skip
    except EarningError as error:
        return EarnedPayload(user_errors=user_errors(error, EarningUserError))
    return EarnedPayload(points=Points(earned.points))
