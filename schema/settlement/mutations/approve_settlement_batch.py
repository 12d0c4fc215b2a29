"""approveSettlementBatch: DRAFT -> APPROVED, immutable after."""

from __future__ import annotations

import strawberry

from app.settlement import service
from app.settlement.errors import SettlementError
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import OPERATOR, actor_of, mutation
from schema.settlement.types import (
    SettlementBatch,
    SettlementBatchPayload,
    SettlementUserError,
)


@strawberry.input
class ApproveSettlementBatchInput:
    batch_id: strawberry.ID


@mutation(
    OPERATOR,
    "DRAFT -> APPROVED; the batch cannot change after. Errors: BATCH_NOT_FOUND, "
    "INVALID_TRANSITION.",
)
async def resolve(info: Info, input: ApproveSettlementBatchInput) -> SettlementBatchPayload:
    try:
        batch = await service.approve_batch(parse_id(input.batch_id), actor_of(info))
    except SettlementError as error:
        return SettlementBatchPayload(user_errors=user_errors(error, SettlementUserError))
    return SettlementBatchPayload(batch=SettlementBatch.from_model(batch))
