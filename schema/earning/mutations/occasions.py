"""checkIn, recordEvent, applyReferralCode: points for what members do besides buying."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.core.clock import utcnow
from app.earning import occasion_awards
from app.earning.errors import EarningError
from schema.context import Info
from schema.earning.types import EarningUserError
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import require_member, require_merchant
from schema.scalars import Points
from tenants.roles import ApiScope, StaffRole


@strawberry.type
class EarnedPayload:
    points: Points = strawberry.field(default=Points(0), description="Points earned (0 if capped).")
    streak: int = strawberry.field(
        default=0, description="CHECK_IN: days in a row, today included."
    )
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


@strawberry.input
class RecordEventInput:
    member_id: strawberry.ID
    code: str = strawberry.field(description="The task's code, e.g. review or bind_wechat.")
    idempotency_key: str = strawberry.field(description="One event pays once per key.")
    occurred_at: datetime | None = None
    attributes: JSON | None = strawberry.field(default=None, description="Kept for the merchant.")


@strawberry.input
class ApplyReferralCodeInput:
    code: str


@strawberry.type
class ApplyReferralCodePayload:
    ok: bool = False
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


async def check_in(info: Info) -> EarnedPayload:
    member = require_member(info)
    try:
        earned = await occasion_awards.check_in(member.tenant_id, member.member_id)
    except EarningError as error:
        return EarnedPayload(user_errors=user_errors(error, EarningUserError))
    return EarnedPayload(points=Points(earned.points), streak=earned.streak)


async def record_event(info: Info, input: RecordEventInput) -> EarnedPayload:
    tenant_id = require_merchant(info, StaffRole.ADMIN, ApiScope.EVENTS_WRITE)
    try:
        earned = await occasion_awards.record_event(
            tenant_id, parse_id(input.member_id), input.code.strip(), input.occurred_at or utcnow(),
            input.idempotency_key,
        )  # fmt: skip
    except EarningError as error:
        return EarnedPayload(user_errors=user_errors(error, EarningUserError))
    return EarnedPayload(points=Points(earned.points))


async def apply_referral_code(
    info: Info, input: ApplyReferralCodeInput
) -> ApplyReferralCodePayload:
    member = require_member(info)
    try:
        await occasion_awards.apply_referral_code(member.tenant_id, member.member_id, input.code)
    except EarningError as error:
        return ApplyReferralCodePayload(user_errors=user_errors(error, EarningUserError))
    return ApplyReferralCodePayload(ok=True)
