"""Settlement queries: batches for operators, statements for merchants."""

from __future__ import annotations

import strawberry

from app.settlement import service
from schema.context import Info
from schema.ids import parse_id
from schema.pagination import Connection, connection, entry_connection, page_request
from schema.permissions import OPERATOR, Access, query, tenant_of
from schema.settlement.types import (
    SettlementBatch,
    SettlementStatement,
)
from tenants.roles import StaffRole


@strawberry.type
class SettlementQueries:
    @query(
        OPERATOR,
        "Batches, oldest first. `first` at most 100.",
    )
    async def settlement_batches(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[SettlementBatch]:
        page = await service.list_batches(page_request(first, after, last, before))
        return connection(page, SettlementBatch.from_model)

    @query(
        OPERATOR,
        "One batch; null when unknown.",
    )
    async def settlement_batch(self, info: Info, id: strawberry.ID) -> SettlementBatch | None:
        batch = await service.get_batch(parse_id(id))
        return SettlementBatch.from_model(batch) if batch else None

    @query(
        Access(staff=StaffRole.VIEWER),
        "This merchant's statements, oldest first: its line in each batch, by kind. CSV: GET "
        "/exports/settlement/{batchId}.csv.",
    )
    async def settlement_statements(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[SettlementStatement]:
        tenant_id = tenant_of(info)
        page = await service.statements(tenant_id, page_request(first, after, last, before))
        return entry_connection(
            page, SettlementStatement.from_statement, lambda statement: statement.line.id
        )
