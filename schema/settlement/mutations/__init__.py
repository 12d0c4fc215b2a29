"""Settlement mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.settlement.mutations import (
    approve_settlement_batch,
    close_settlement_period,
    mark_settlement_line_paid,
)


@strawberry.type
class SettlementMutations:
    close_settlement_period = close_settlement_period.resolve
    approve_settlement_batch = approve_settlement_batch.resolve
    mark_settlement_line_paid = mark_settlement_line_paid.resolve
