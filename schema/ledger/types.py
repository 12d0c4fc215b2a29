"""GraphQL types of the ledger: wallets, lots, history, and refusals."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from app.ledger import reads
from app.ledger.accounts import Phase
from app.ledger.errors import LedgerErrorCode
from app.ledger.models import Lot
from schema.scalars import Points

LedgerErrorCodeEnum = strawberry.enum(
    LedgerErrorCode, name="LedgerErrorCode", description="Why a points mutation was refused."
)
PhaseEnum = strawberry.enum(
    Phase,
    name="TransferPhase",
    description="SINGLE moves points; PENDING reserves them (a hold); POST, VOID and EXPIRE "
    "resolve a hold.",
)


@strawberry.type(description="A refused points mutation: which field, why, and a message.")
class LedgerUserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    code: Annotated[LedgerErrorCode, LedgerErrorCodeEnum]
    message: str


@strawberry.type(description="A member's points in the merchant's currency.")
class Wallet:
    available: Points = strawberry.field(
        description="Spendable now: posted, less points reserved by holds and points past "
        "their expiry."
    )
    posted: Points = strawberry.field(description="Points in the wallet, reserved ones included.")
    pending_debit: Points = strawberry.field(description="Points reserved by open holds.")
    pending_credit: Points = strawberry.field(
        description="Points on their way in (e.g. awaiting a return window); not spendable."
    )
    currency: str = strawberry.field(description="The point currency's code.")

    @classmethod
    def from_view(cls, view: reads.WalletView) -> Wallet:
        return cls(
            available=Points(view.available),
            posted=Points(view.posted),
            pending_debit=Points(view.pending_debit),
            pending_credit=Points(view.pending_credit),
            currency=view.currency_code,
        )


@strawberry.type(description="Points that expire together.")
class ExpiringPoints:
    expires_at: datetime
    points: Points


@strawberry.type(
    description="Points credited together, with one expiry; spent first-expiring first."
)
class PointsLot:
    id: strawberry.ID
    amount: Points = strawberry.field(description="Points the lot started with.")
    remaining: Points = strawberry.field(description="Points still in it, reserved ones included.")
    reserved: Points = strawberry.field(description="Points of it reserved by open holds.")
    expires_at: datetime | None = strawberry.field(description="Null: never expires.")
    earned_at: datetime

    @classmethod
    def from_model(cls, lot: Lot) -> PointsLot:
        return cls(
            id=strawberry.ID(str(lot.id)),
            amount=Points(lot.amount),
            remaining=Points(lot.remaining),
            reserved=Points(lot.reserved),
            expires_at=lot.expires_at,
            earned_at=lot.earned_at,
        )


@strawberry.input(description="Narrow a member's points history.")
class HistoryFilter:
    codes: list[str] | None = strawberry.field(
        default=None, description="Movement codes, e.g. [AWARD, DEDUCT, EXPIRE]."
    )
    since: datetime | None = strawberry.field(default=None, description="From this time on.")
    until: datetime | None = strawberry.field(default=None, description="Before this time.")


@strawberry.type(description="One movement of a member's points and why it happened.")
class PointsHistoryEntry:
    id: strawberry.ID
    journal_id: strawberry.ID
    code: str = strawberry.field(description="What kind of movement: AWARD, DEDUCT, EXPIRE, ...")
    reason: str = strawberry.field(description="The reason given by whoever moved the points.")
    phase: Annotated[Phase, PhaseEnum]
    amount: Points = strawberry.field(description="Points moved (always positive).")
    change: Points = strawberry.field(
        description="Change of the member's posted points: positive in, negative out, 0 for holds."
    )
    balance_after: Points | None = strawberry.field(description="Posted points right after.")
    references: JSON = strawberry.field(
        description="The order, campaign, rule or hold behind the movement."
    )
    actor: str = strawberry.field(description="Who moved the points (staff, API key, member).")
    created_at: datetime

    @classmethod
    def from_entry(cls, entry: reads.HistoryEntry) -> PointsHistoryEntry:
        transfer, journal = entry.transfer, entry.journal
        return cls(
            id=strawberry.ID(str(transfer.id)),
            journal_id=strawberry.ID(str(journal.id)),
            code=transfer.code,
            reason=journal.reason,
            phase=transfer.phase,
            amount=Points(transfer.amount),
            change=Points(entry.change),
            balance_after=None if entry.balance_after is None else Points(entry.balance_after),
            references=JSON(journal.metadata),
            actor=journal.actor,
            created_at=transfer.created_at,
        )
