"""markSettlementLinePaid: record the payment of one line of an approved batch."""

from __future__ import annotations

import strawberry

from app.settlement import service
from app.settlement.errors import SettlementError
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import OPERATOR, mutation
from schema.settlement.types import (
    SettlementLine,
    SettlementUserError,
)


@strawberry.input
class MarkSettlementLinePaidInput:
    line_id: strawberry.ID
    payment_reference: str


@strawberry.type
class SettlementLinePayload:
    line: SettlementLine | None = None
    user_errors: list[SettlementUserError] = strawberry.field(default_factory=list)


@mutation(
    OPERATOR,
    "Record the payment of one line of an approved batch. Errors: LINE_NOT_FOUND, "
    "INVALID_TRANSITION, INVALID_INPUT.",
)
async def resolve(info: Info, input: MarkSettlementLinePaidInput) -> SettlementLinePayload:
    try:
        line = await service.mark_line_paid(parse_id(input.line_id), input.payment_reference)
        batch = await service.get_batch(line.batch_id)
    except SettlementError as error:
        return SettlementLinePayload(user_errors=user_errors(error, SettlementUserError))
    fiat = batch.fiat_currency if batch else ""
    return SettlementLinePayload(line=SettlementLine.from_model(line, fiat))
