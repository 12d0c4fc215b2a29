"""cancelPointValue: the owner withdraws a change of the point's value not yet in force."""

from __future__ import annotations

from datetime import datetime

from app.ledger.errors import LedgerError
from app.ledger.valuation import cancel_point_value
from schema.context import Info
from schema.errors import user_errors
from schema.ledger.mutations.schedule_point_value import SchedulePointValuePayload
from schema.ledger.types import LedgerUserError, PointValue
from schema.permissions import Access, mutation, staff_of
from tenants.roles import StaffRole


@mutation(
    Access(staff=StaffRole.OWNER),
    "Withdraw a scheduled change of the point's value before it starts (one in force stays: "
    "schedule another instead). Errors: INVALID_INPUT.",
)
async def resolve(info: Info, effective_from: datetime) -> SchedulePointValuePayload:
    try:
        values = await cancel_point_value(staff_of(info).tenant_id, effective_from)
    except LedgerError as error:
        return SchedulePointValuePayload(user_errors=user_errors(error, LedgerUserError))
    return SchedulePointValuePayload(point_values=PointValue.schedule(values))
