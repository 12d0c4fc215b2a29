"""What a caller asks of the ledger (a journal request) and what it answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from app.ledger.books import Balance
from app.ledger.commands import Command


@dataclass(frozen=True)
class JournalRequest:
    command: Command
    actor: str
    idempotency_key: str | None = None
    currency: str | None = None
    # The wallets' balances after the journal, for callers that show them (one read each).
    report_balances: bool = True
    # Which slot of the hot system accounts to use; random when None. Concurrent batches of
    # many journals pin distinct slots, or they would lock the slots in different orders.
    spread_key: int | None = None


@dataclass(frozen=True)
class JournalResult:
    journal_id: UUID | None
    transfer_id: UUID | None
    hold_id: UUID | None
    wallets: dict[UUID, Balance]
    replayed: bool = False
    shortfall: int = 0
    # Points members earned by this journal when it was applied now (not on a replay).
    earned: dict[UUID, int] = field(default_factory=dict)

    @classmethod
    def from_response(cls, response: dict[str, Any], replayed: bool) -> JournalResult:
        def uuid(name: str) -> UUID | None:
            return UUID(response[name]) if response.get(name) else None

        wallets = {
            UUID(member): Balance(b["posted"], b["pending_dr"], b["pending_cr"])
            for member, b in response.get("wallets", {}).items()
        }
        shortfall = int(response.get("shortfall", 0))
        return cls(
            uuid("journal_id"), uuid("transfer_id"), uuid("hold_id"), wallets, replayed, shortfall
        )
