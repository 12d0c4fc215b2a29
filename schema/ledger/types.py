"""The points types: wallets, history, the result of a points mutation, the points policy."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from app.core.clock import utcnow
from app.ledger import reads, valuation
from app.ledger.accounts import Phase
from app.ledger.errors import LedgerError, LedgerErrorCode
from app.ledger.models import Lot
from app.ledger.policy import ExpiryKind, PointsRules, RestoreRule
from app.ledger.requests import JournalResult
from schema.errors import UserError, user_errors
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
class LedgerUserError(UserError):
    code: Annotated[LedgerErrorCode, LedgerErrorCodeEnum]


@strawberry.type(
    description="The point's fiat value from a time on. Points keep the value in force when "
    "they were earned: a change never revalues points already issued."
)
class PointValue:
    effective_from: datetime = strawberry.field(
        description="From when (the first value: from the epoch)."
    )
    points_per_fiat_unit: int = strawberry.field(
        description="How many points earned from then on are worth one unit of fiat."
    )
    in_force: bool = strawberry.field(description="The value points earned now get.")
    scheduled: bool = strawberry.field(description="Not in force yet; may still be cancelled.")

    @classmethod
    def schedule(cls, values: list[valuation.PointValue]) -> list[PointValue]:
        now = utcnow()
        current = valuation.in_force(values, now)
        return [
            cls(
                effective_from=value.effective_from,
                points_per_fiat_unit=value.points_per_unit,
                in_force=value is current,
                scheduled=value.effective_from > now,
            )
            for value in values
        ]


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


ExpiryKindEnum = strawberry.enum(
    ExpiryKind,
    description="NEVER; ROLLING_DAYS (N days after earning); MONTH_END (end of the month N "
    "months after earning); YEARLY_DATE (when the next clearing date ends, at the merchant's "
    "midnight, 积分每年清零); "
    "INACTIVITY (the whole balance after N days without earning or spending).",
)
RestoreRuleEnum = strawberry.enum(
    RestoreRule, description="Refunded points keep their ORIGINAL_EXPIRY or get a FRESH one."
)


@strawberry.type(name="PointsPolicy", description="How the merchant's points expire and move.")
class PointsPolicyType:
    expiry_kind: Annotated[ExpiryKind, ExpiryKindEnum]
    expiry_days: int | None
    expiry_months: int | None
    clearing_month: int | None
    clearing_day: int | None
    restore_rule: Annotated[RestoreRule, RestoreRuleEnum]
    member_transfers_enabled: bool
    member_transfer_daily_cap: Points = strawberry.field(description="0: no cap.")
    reminder_days: list[int] = strawberry.field(
        description="Days before expiry when members are reminded (points.expiring)."
    )

    @classmethod
    def from_rules(cls, rules: PointsRules) -> PointsPolicyType:
        return cls(**rules.columns())


# The idempotency sentence every points mutation's description ends with.
IDEMPOTENT = (
    " Idempotent by `idempotencyKey` (scoped to the caller): a repeat returns the first "
    "answer with `replayed: true`."
)
