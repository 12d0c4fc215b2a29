"""Points mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.ledger.mutations import (
    award_points,
    cancel_point_value,
    deduct_points,
    schedule_point_value,
    transfer_points,
    update_points_policy,
)


@strawberry.type
class LedgerMutations:
    award_points = award_points.resolve
    deduct_points = deduct_points.resolve
    transfer_points = transfer_points.resolve
    update_points_policy = update_points_policy.resolve
    schedule_point_value = schedule_point_value.resolve
    cancel_point_value = cancel_point_value.resolve
