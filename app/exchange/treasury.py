"""Platform points in merchants' hands: bought into a treasury and awarded to members, and
spent by members on merchants' rewards priced in PLAT.

A purchase issues PLAT into the merchant's TREASURY account in the platform's books and, in the
same transaction, records that the merchant owes the platform their value. Awards move PLAT from
that treasury to the member's platform wallet (the member must be linked); the treasury can
never go below zero (the database checks it too).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import floor
from uuid import UUID

from app.core.db import tenant_scope
from app.core.platform_tenant import PLATFORM_TENANT_ID
from app.exchange.errors import ExchangeError
from app.exchange.links import linked
from app.exchange.platform_currency import plat_minor_value, require_platform_currency
from app.ledger.accounts import AccountKind
from app.ledger.books import Balance
from app.ledger.commands import Award, FundTreasury
from app.ledger.errors import LedgerError, LedgerErrorCode, into_domain
from app.ledger.models import Account
from app.ledger.requests import JournalRequest, JournalResult
from app.ledger.service import post_journal
from app.settlement.models import ObligationKind
from app.settlement.obligations import owe


@dataclass(frozen=True)
class Purchase:
    journal_id: UUID
    value_minor: int
    fiat_currency: str
    treasury: Balance
    replayed: bool


async def purchase_platform_points(
    tenant_id: UUID, amount: int, idempotency_key: str, actor: str
) -> Purchase:
    """Buy `amount` PLAT into the merchant's treasury."""
    try:
        return await _purchase(tenant_id, amount, idempotency_key, actor)
    except LedgerError as error:
        raise into_domain(error, ExchangeError) from error


async def _purchase(tenant_id: UUID, amount: int, idempotency_key: str, actor: str) -> Purchase:
    async with tenant_scope(PLATFORM_TENANT_ID):
        plat = await require_platform_currency()
        value = floor(amount * plat_minor_value(plat))
        command = FundTreasury(
            tenant_id, amount, "Platform points bought", metadata={"value_minor": value}
        )
        result = await post_journal(
            PLATFORM_TENANT_ID,
            JournalRequest(command, actor, idempotency_key, report_balances=False),
        )
        assert result.journal_id is not None  # noqa: S101 - a posted journal has an id
        if not result.replayed:
            await owe(
                ObligationKind.PLAT_PURCHASE,
                tenant_id,
                None,
                value,
                plat.fiat_currency,
                result.journal_id,
            )
        treasury = await treasury_balance(tenant_id)
        return Purchase(result.journal_id, value, plat.fiat_currency, treasury, result.replayed)


async def treasury_balance(tenant_id: UUID) -> Balance:
    """The merchant's PLAT treasury (zero before the first purchase)."""
    async with tenant_scope(PLATFORM_TENANT_ID):
        account = await Account.get_or_none(
            tenant_id=PLATFORM_TENANT_ID, kind=AccountKind.TREASURY, owner_id=tenant_id
        )
    if account is None:
        return Balance(0, 0, 0, AccountKind.TREASURY)
    return Balance(account.posted, account.pending_dr, account.pending_cr, AccountKind.TREASURY)


async def award_platform_points(
    tenant_id: UUID, member_id: UUID, award: Award, idempotency_key: str, actor: str
) -> JournalResult:
    """Award PLAT from the merchant's treasury to its member's platform wallet; a LedgerError
    when refused. The result names the merchant's member, never the platform's customer."""
    async with tenant_scope(PLATFORM_TENANT_ID):
        link = await linked(tenant_id, member_id)
    if link is None:
        raise LedgerError(
            LedgerErrorCode.MEMBER_NOT_FOUND,
            "The member has no platform wallet (not linked).",
            "memberId",
        )
    command = Award(
        link.customer_id,
        award.amount,
        award.reason,
        award.expires_at,
        code="AWARD_PLAT",
        metadata=award.metadata | {"merchant_id": str(tenant_id)},
        treasury_owner=tenant_id,
    )
    result = await post_journal(PLATFORM_TENANT_ID, JournalRequest(command, actor, idempotency_key))
    wallets = {member_id: result.wallets[link.customer_id]} if result.wallets else {}
    return JournalResult(
        result.journal_id, result.transfer_id, result.hold_id, wallets, result.replayed
    )


async def platform_payer(tenant_id: UUID, member_id: UUID) -> UUID | None:
    """The platform customer whose PLAT wallet pays for the member, if linked."""
    async with tenant_scope(PLATFORM_TENANT_ID):
        link = await linked(tenant_id, member_id)
    return link.customer_id if link else None


async def reward_paid_in_plat(tenant_id: UUID, points: int, journal_id: UUID) -> int:
    """The platform owes the merchant the value of PLAT spent on its reward (in the spend's
    transaction); returns that value in minor units."""
    async with tenant_scope(PLATFORM_TENANT_ID):
        plat = await require_platform_currency()
        value = floor(points * plat_minor_value(plat))
        await owe(
            ObligationKind.REWARD_PLAT, None, tenant_id, value, plat.fiat_currency, journal_id
        )
    return value


async def reward_plat_returned(tenant_id: UUID, value_minor: int, journal_id: UUID) -> None:
    """The merchant gives back the value of a PLAT-paid order it cancelled or refunded."""
    async with tenant_scope(PLATFORM_TENANT_ID):
        plat = await require_platform_currency()
        await owe(
            ObligationKind.REWARD_PLAT_RETURN,
            tenant_id,
            None,
            value_minor,
            plat.fiat_currency,
            journal_id,
        )
