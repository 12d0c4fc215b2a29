"""closeSettlementPeriod, approveSettlementBatch, markSettlementLinePaid; batches, statements."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.settlement import service
from app.settlement.errors import SettlementError
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.pagination import Connection, connection, entry_connection, page_request
from schema.permissions import actor_of, require_operator, require_staff
from schema.settlement.types import (
    SettlementBatch,
    SettlementLine,
    SettlementStatement,
    SettlementUserError,
)
from tenants.roles import StaffRole


@strawberry.input
class CloseSettlementPeriodInput:
    until: datetime = strawberry.field(description="Obligations created before this settle.")


@strawberry.input
class ApproveSettlementBatchInput:
    batch_id: strawberry.ID


@strawberry.input
class MarkSettlementLinePaidInput:
    line_id: strawberry.ID
    payment_reference: str


@strawberry.type
class SettlementBatchPayload:
    batch: SettlementBatch | None = None
    user_errors: list[SettlementUserError] = strawberry.field(default_factory=list)


@strawberry.type
class SettlementLinePayload:
    line: SettlementLine | None = None
    user_errors: list[SettlementUserError] = strawberry.field(default_factory=list)


async def close_settlement_period(
    info: Info, input: CloseSettlementPeriodInput
) -> SettlementBatchPayload:
    require_operator(info)
    try:
        batch = await service.close_period(input.until, actor_of(info))
    except SettlementError as error:
        return SettlementBatchPayload(user_errors=user_errors(error, SettlementUserError))
    return SettlementBatchPayload(batch=SettlementBatch.from_model(batch))


async def approve_settlement_batch(
    info: Info, input: ApproveSettlementBatchInput
) -> SettlementBatchPayload:
    require_operator(info)
    try:
        batch = await service.approve_batch(parse_id(input.batch_id), actor_of(info))
    except SettlementError as error:
        return SettlementBatchPayload(user_errors=user_errors(error, SettlementUserError))
    return SettlementBatchPayload(batch=SettlementBatch.from_model(batch))


async def mark_settlement_line_paid(
    info: Info, input: MarkSettlementLinePaidInput
) -> SettlementLinePayload:
    require_operator(info)
    try:
        line = await service.mark_line_paid(parse_id(input.line_id), input.payment_reference)
        batch = await service.get_batch(line.batch_id)
    except SettlementError as error:
        return SettlementLinePayload(user_errors=user_errors(error, SettlementUserError))
    fiat = batch.fiat_currency if batch else ""
    return SettlementLinePayload(line=SettlementLine.from_model(line, fiat))


@strawberry.type
class SettlementMutations:
    close_settlement_period = strawberry.mutation(
        resolver=close_settlement_period,
        description="Put every unsettled obligation created before `until` in a new DRAFT "
        "batch: one net line per merchant, the platform's net and revenue. Operators. Errors: "
        "NOTHING_TO_SETTLE, INVALID_INPUT (a future `until`).",
    )
    approve_settlement_batch = strawberry.mutation(
        resolver=approve_settlement_batch,
        description="DRAFT -> APPROVED; the batch cannot change after. Operators. Errors: "
        "BATCH_NOT_FOUND, INVALID_TRANSITION.",
    )
    mark_settlement_line_paid = strawberry.mutation(
        resolver=mark_settlement_line_paid,
        description="Record the payment of one line of an approved batch. Operators. Errors: "
        "LINE_NOT_FOUND, INVALID_TRANSITION, INVALID_INPUT.",
    )


@strawberry.type
class SettlementQueries:
    @strawberry.field(description="Batches, oldest first. Operators. `first` at most 100.")
    async def settlement_batches(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[SettlementBatch]:
        require_operator(info)
        page = await service.list_batches(page_request(first, after))
        return connection(page, SettlementBatch.from_model)

    @strawberry.field(description="One batch; null when unknown. Operators.")
    async def settlement_batch(self, info: Info, id: strawberry.ID) -> SettlementBatch | None:
        require_operator(info)
        batch = await service.get_batch(parse_id(id))
        return SettlementBatch.from_model(batch) if batch else None

    @strawberry.field(
        description="This merchant's statements, oldest first: its line in each batch, by "
        "kind. Staff (VIEWER+). CSV: GET /exports/settlement/{batchId}.csv."
    )
    async def settlement_statements(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[SettlementStatement]:
        tenant_id = require_staff(info, StaffRole.VIEWER).tenant_id
        page = await service.statements(tenant_id, page_request(first, after))
        return entry_connection(
            page, SettlementStatement.from_statement, lambda statement: statement.line.id
        )
