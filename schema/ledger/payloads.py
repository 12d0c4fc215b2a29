"""The result every points mutation returns."""

from __future__ import annotations

from typing import Any

import strawberry

from app.ledger.errors import LedgerError, LedgerErrorCode
from app.ledger.service import JournalResult
from schema.errors import user_errors
from schema.ledger.types import LedgerUserError
from schema.scalars import Points


@strawberry.type(
    description="Balances right after the movement (as first applied, on replays too)."
)
class WalletAfter:
    member_id: strawberry.ID
    posted: Points
    pending_debit: Points
    pending_credit: Points
    available: Points


@strawberry.type(description="The outcome of a points mutation.")
class PointsPayload:
    journal_id: strawberry.ID | None = strawberry.field(
        default=None, description="The journal that moved the points."
    )
    wallets: list[WalletAfter] = strawberry.field(default_factory=list)
    replayed: bool = strawberry.field(
        default=False, description="True when this answers a repeated idempotency key."
    )
    user_errors: list[LedgerUserError] = strawberry.field(default_factory=list)


def points_payload(result: JournalResult) -> PointsPayload:
    return PointsPayload(
        journal_id=strawberry.ID(str(result.journal_id)) if result.journal_id else None,
        wallets=[
            WalletAfter(
                member_id=strawberry.ID(str(member_id)),
                posted=Points(balance.posted),
                pending_debit=Points(balance.pending_dr),
                pending_credit=Points(balance.pending_cr),
                available=Points(balance.available),
            )
            for member_id, balance in result.wallets.items()
        ],
        replayed=result.replayed,
    )


def references(value: object) -> dict[str, Any]:
    """The `references` input as journal metadata: a JSON object or nothing."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise LedgerError(
            LedgerErrorCode.INVALID_INPUT, "references must be an object.", "references"
        )
    return dict(value)


def refused(error: LedgerError) -> PointsPayload:
    return PointsPayload(user_errors=user_errors(error, LedgerUserError))
