"""What a journal can do, as plain data: the ledger's command set."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from app.ledger.accounts import AccountKind


@dataclass(frozen=True)
class Award:
    """Issue points to a member: ISSUANCE -> wallet, as a new lot. `source` may name
    EXCHANGE_CLEARING: points arriving from another ledger through an exchange."""

    member_id: UUID
    amount: int
    reason: str
    expires_at: datetime | None = None
    code: str = "AWARD"
    metadata: dict[str, Any] = field(default_factory=dict)
    source: AccountKind = AccountKind.ISSUANCE
    # Award from the TREASURY this owner (a merchant) bought, not from ISSUANCE; the treasury
    # cannot go below zero.
    treasury_owner: UUID | None = None


@dataclass(frozen=True)
class PendingAward:
    """Promise a member points (ISSUANCE -> wallet, pending): visible, not spendable, until a
    PostHold makes them a lot (e.g. when an order's return window closes) or a VoidHold."""

    member_id: UUID
    amount: int
    reason: str
    hold_seconds: int | None = None
    code: str = "AWARD_PENDING"
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Clawback:
    """Take back points that were earned in error (a refunded order): what the wallet holds goes
    back to ISSUANCE, and what it no longer holds is booked to CLAWBACK_LOSS. The wallet never
    goes below zero."""

    member_id: UUID
    amount: int
    reason: str
    code: str = "CLAWBACK"
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Deduct:
    """Take points from a member: wallet -> REDEMPTION, drawing lots FIFO. `sink` may name
    DONATION (points given to a cause), CLAWBACK_LOSS (repaying an earlier shortfall) or
    EXCHANGE_CLEARING (points leaving for another ledger through an exchange)."""

    member_id: UUID
    amount: int
    reason: str
    code: str = "DEDUCT"
    metadata: dict[str, Any] = field(default_factory=dict)
    sink: AccountKind = AccountKind.REDEMPTION


@dataclass(frozen=True)
class MerchantContribution:
    """The merchant gives points of its own, ISSUANCE -> a system account (e.g. DONATION when
    it matches members' donations); no member wallet is involved."""

    amount: int
    reason: str
    credit: AccountKind = AccountKind.DONATION
    code: str = "MERCHANT_CONTRIBUTION"
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FundTreasury:
    """Issue points into an owner's TREASURY (a merchant buying platform points to award)."""

    owner_id: UUID
    amount: int
    reason: str
    code: str = "TREASURY_FUND"
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MemberTransfer:
    """Move points between two members' wallets; the moved points keep their expiry."""

    from_member_id: UUID
    to_member_id: UUID
    amount: int
    reason: str
    member_initiated: bool = False
    code: str = "TRANSFER"
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Hold:
    """Reserve a member's points (wallet -> REDEMPTION, pending), optionally until a timeout."""

    member_id: UUID
    amount: int
    reason: str
    hold_seconds: int | None = None
    code: str = "HOLD"
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PostHold:
    """Spend a hold, for its full amount or less (the rest goes back to the member)."""

    hold_id: UUID
    amount: int | None = None
    reason: str = ""
    code: str = "HOLD_POST"


@dataclass(frozen=True)
class VoidHold:
    """Release a hold: the reserved points become spendable again."""

    hold_id: UUID
    reason: str = ""
    code: str = "HOLD_VOID"


@dataclass(frozen=True)
class ReturnPoints:
    """Give back (part of) a spend, e.g. on a refund: the points return under the tenant's
    restore rule, to the lots they came from or as a fresh lot."""

    transfer_id: UUID
    amount: int
    reason: str
    code: str = "RETURN"


@dataclass(frozen=True)
class ExpireWallet:
    """Move a member's expired points to BREAKAGE and void its timed-out holds; with
    `everything`, all free points (the INACTIVITY policy)."""

    member_id: UUID
    everything: bool = False
    code: str = "EXPIRE"


Command = (
    Award
    | PendingAward
    | Clawback
    | Deduct
    | MerchantContribution
    | FundTreasury
    | MemberTransfer
    | Hold
    | PostHold
    | VoidHold
    | ReturnPoints
    | ExpireWallet
)
