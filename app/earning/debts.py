"""Clawback debts under the REPAY_FIRST policy: points a refund could not take back because
the member had spent them are owed, and the member's next spendable earnings repay them first
(the repayment moves points from the wallet back to CLAWBACK_LOSS, undoing the loss)."""

from __future__ import annotations

from uuid import UUID

from app.earning.models import ClawbackDebt
from app.ledger.accounts import AccountKind
from app.ledger.commands import Deduct
from app.ledger.reads import wallet_of
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal

REPAY_ACTOR = "system:earning"


async def add_debt(tenant_id: UUID, member_id: UUID, points: int) -> None:
    """Record `points` owed; call in the tenant's scope."""
    debt, _ = await ClawbackDebt.get_or_create(
        member_id=member_id, defaults={"tenant_id": tenant_id, "points": 0}
    )
    debt = await ClawbackDebt.select_for_update().get(member_id=member_id)
    debt.points += points
    await debt.save(update_fields=["points", "updated_at"])


async def repay_debt(tenant_id: UUID, member_id: UUID) -> int:
    """Take what the member owes from their spendable points, as far as they reach; returns
    the points repaid. Call in the tenant's scope after points become spendable."""
    debt = await ClawbackDebt.select_for_update().get_or_none(member_id=member_id)
    if debt is None or debt.points == 0:
        return 0
    amount: int = min(debt.points, (await wallet_of(tenant_id, member_id)).available)
    if amount <= 0:
        return 0
    command = Deduct(
        member_id,
        amount,
        "Repays refunded points",
        code="CLAWBACK_REPAY",
        sink=AccountKind.CLAWBACK_LOSS,
    )
    await post_journal(tenant_id, JournalRequest(command, REPAY_ACTOR, report_balances=False))
    debt.points -= amount
    await debt.save(update_fields=["points", "updated_at"])
    return amount
