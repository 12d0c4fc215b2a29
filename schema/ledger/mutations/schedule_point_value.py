"""schedulePointValue: the owner changes what the merchant's points are worth, from a time on."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.ledger.errors import LedgerError
from app.ledger.valuation import schedule_point_value
from schema.context import Info
from schema.errors import user_errors
from schema.ledger.types import LedgerUserError, PointValue
from schema.permissions import Access, actor_of, mutation, staff_of
from tenants.roles import StaffRole


@strawberry.input
class SchedulePointValueInput:
    points_per_fiat_unit: int = strawberry.field(
        description="How many points earned from `effectiveFrom` on are worth one unit of the "
        "merchant's fiat, 1-1,000,000."
    )
    effective_from: datetime | None = strawberry.field(
        default=None,
        description="When it starts: now (null) or later, at most five years ahead; a change "
        "already scheduled for the same time is replaced.",
    )


@strawberry.type
class SchedulePointValuePayload:
    point_values: list[PointValue] | None = strawberry.field(
        default=None, description="The currency's values, oldest first."
    )
    user_errors: list[LedgerUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.OWNER),
    "Change the point's fiat value from a time on. Points already issued keep the value they "
    "were earned under: what members hold is valued lot by lot (liability, checkout), so the "
    "liability's value changes only as new points arrive. Errors: INVALID_INPUT (a past or too "
    "distant effectiveFrom), INVALID_RATIO.",
)
async def resolve(info: Info, input: SchedulePointValueInput) -> SchedulePointValuePayload:
    tenant_id = staff_of(info).tenant_id
    try:
        values = await schedule_point_value(
            tenant_id, input.points_per_fiat_unit, input.effective_from, actor_of(info)
        )
    except LedgerError as error:
        return SchedulePointValuePayload(user_errors=user_errors(error, LedgerUserError))
    return SchedulePointValuePayload(point_values=PointValue.schedule(values))
