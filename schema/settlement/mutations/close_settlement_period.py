"""closeSettlementPeriod: every unsettled obligation before a date into a new DRAFT batch."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.settlement import service
from app.settlement.errors import SettlementError
from schema.context import Info
from schema.errors import user_errors
from schema.permissions import OPERATOR, actor_of, mutation
from schema.settlement.types import (
    SettlementBatch,
    SettlementBatchPayload,
    SettlementUserError,
)


@strawberry.input
class CloseSettlementPeriodInput:
    until: datetime = strawberry.field(description="Obligations created before this settle.")


@mutation(
    OPERATOR,
    "Put every unsettled obligation created before `until` in a new DRAFT batch: one net line "
    "per merchant, the platform's net and revenue. Errors: NOTHING_TO_SETTLE, INVALID_INPUT (a "
    "future `until`).",
)
async def resolve(info: Info, input: CloseSettlementPeriodInput) -> SettlementBatchPayload:
    try:
        batch = await service.close_period(input.until, actor_of(info))
    except SettlementError as error:
        return SettlementBatchPayload(user_errors=user_errors(error, SettlementUserError))
    return SettlementBatchPayload(batch=SettlementBatch.from_model(batch))
