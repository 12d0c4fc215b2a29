"""Account kinds and which of them a tenant's books open with."""

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


TENANT_SYSTEM_KINDS = (
    AccountKind.ISSUANCE,
    AccountKind.REDEMPTION,
    AccountKind.BREAKAGE,
    AccountKind.DONATION,
    AccountKind.CLAWBACK_LOSS,
)
