"""Account kinds, transfer phases, and how system accounts are spread over slots."""

from __future__ import annotations

from enum import StrEnum


class AccountKind(StrEnum):
    MEMBER_WALLET = "MEMBER_WALLET"
    ISSUANCE = "ISSUANCE"
    REDEMPTION = "REDEMPTION"
    BREAKAGE = "BREAKAGE"
    DONATION = "DONATION"
    FEE = "FEE"
    EXCHANGE_CLEARING = "EXCHANGE_CLEARING"
    TREASURY = "TREASURY"
    CLAWBACK_LOSS = "CLAWBACK_LOSS"


class Phase(StrEnum):
    """SINGLE moves posted points; PENDING reserves them; POST/VOID/EXPIRE resolve a PENDING."""

    SINGLE = "SINGLE"
    PENDING = "PENDING"
    POST = "POST"
    VOID = "VOID"
    EXPIRE = "EXPIRE"


TENANT_SYSTEM_KINDS = (
    AccountKind.ISSUANCE,
    AccountKind.REDEMPTION,
    AccountKind.BREAKAGE,
    AccountKind.DONATION,
    AccountKind.CLAWBACK_LOSS,
)

# Every award debits ISSUANCE and every spend credits REDEMPTION: with one row each, all of a
# tenant's journals would queue on one row lock. Spreading them over slots (chosen from the
# journal id) lets that many journals commit side by side; the logical balance is the slots' sum.
HOT_KIND_SLOTS = {
    AccountKind.ISSUANCE: 8,
    AccountKind.REDEMPTION: 8,
    AccountKind.BREAKAGE: 8,
    AccountKind.EXCHANGE_CLEARING: 8,
}

# Largest amount of one transfer: 2^53 - 1, the largest integer a JSON client reads exactly.
MAX_AMOUNT = 2**53 - 1


def slot_for(kind: AccountKind, spread_key: int) -> int:
    return spread_key % HOT_KIND_SLOTS.get(kind, 1)
