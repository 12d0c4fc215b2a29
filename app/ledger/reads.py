"""What members and merchants read from the ledger: wallets, expiring points, lots, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from tortoise.expressions import Q

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.pagination import Page, PageRequest, fetch_page
from app.ledger.accounts import AccountKind, Phase
from app.ledger.models import Account, Currency, Journal, Lot, Transfer

MAX_EXPIRING_DAYS = 3660


@dataclass(frozen=True)
class WalletView:
    """A member's points. `available` leaves out points whose expiry has passed even if the
    expiry run has not moved them yet, and points reserved by holds."""

    posted: int
    pending_debit: int
    pending_credit: int
    expired_unswept: int
    currency_code: str

    @property
    def available(self) -> int:
        return self.posted - self.pending_debit - self.expired_unswept


@dataclass(frozen=True)
class ExpiringBatch:
    expires_at: datetime
    points: int


@dataclass(frozen=True)
class HistoryFilter:
    """Which movements to list: by code (AWARD, DEDUCT, ...) and by time, `since` inclusive."""

    codes: list[str] | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class HistoryEntry:
    transfer: Transfer
    journal: Journal
    change: int
    balance_after: int | None


async def wallet_of(tenant_id: UUID, member_id: UUID) -> WalletView:
    """The member's wallet (all zero before the first points arrive)."""
    async with tenant_scope(tenant_id):
        currency = await Currency.get(tenant_id=tenant_id)
        account = await _wallet(member_id)
        if account is None:
            return WalletView(0, 0, 0, 0, currency.code)
        now = utcnow()
        due = await Lot.filter(wallet_id=account.id, remaining__gt=0, expires_at__lte=now)
        expired = sum(lot.remaining - lot.reserved for lot in due)
        return WalletView(
            account.posted, account.pending_dr, account.pending_cr, expired, currency.code
        )


async def expiring_points(
    tenant_id: UUID, member_id: UUID, within_days: int
) -> list[ExpiringBatch]:
    """Free points that expire in the next `within_days` days, by expiry time, soonest first."""
    now = utcnow()
    until = now + timedelta(days=max(0, min(within_days, MAX_EXPIRING_DAYS)))
    async with tenant_scope(tenant_id):
        account = await _wallet(member_id)
        if account is None:
            return []
        lots = await Lot.filter(
            wallet_id=account.id, remaining__gt=0, expires_at__gt=now, expires_at__lte=until
        ).order_by("expires_at")
    batches: dict[datetime, int] = {}
    for lot in lots:
        assert lot.expires_at is not None  # noqa: S101 - filtered on expires_at
        batches[lot.expires_at] = batches.get(lot.expires_at, 0) + lot.remaining - lot.reserved
    return [ExpiringBatch(at, points) for at, points in batches.items() if points > 0]


async def lots_of(tenant_id: UUID, member_id: UUID, page: PageRequest) -> Page[Lot]:
    """The member's lots that still hold points, oldest first."""
    async with tenant_scope(tenant_id):
        account = await _wallet(member_id)
        if account is None:
            return Page(items=[], has_next_page=False)
        return await fetch_page(Lot.filter(wallet_id=account.id, remaining__gt=0), page)


async def history_of(
    tenant_id: UUID, member_id: UUID, page: PageRequest, only: HistoryFilter | None = None
) -> Page[HistoryEntry]:
    """Every movement of the member's points, newest first, with its journal's reason."""
    async with tenant_scope(tenant_id):
        account = await _wallet(member_id)
        if account is None:
            return Page(items=[], has_next_page=False)
        query = Transfer.filter(Q(debit_account_id=account.id) | Q(credit_account_id=account.id))
        only = only or HistoryFilter()
        if only.codes:
            query = query.filter(code__in=only.codes)
        if only.since is not None:
            query = query.filter(created_at__gte=only.since)
        if only.until is not None:
            query = query.filter(created_at__lt=only.until)
        transfers = await fetch_page(query, page, newest_first=True)
        journal_ids = {transfer.journal_id for transfer in transfers.items}
        journals = {j.id: j for j in await Journal.filter(id__in=journal_ids)}
    entries = [_entry(t, journals[t.journal_id], account.id) for t in transfers.items]
    return transfers.holding(entries)


def _entry(transfer: Transfer, journal: Journal, wallet_id: UUID) -> HistoryEntry:
    outgoing = transfer.debit_account_id == wallet_id
    moved = transfer.amount if transfer.phase in {Phase.SINGLE, Phase.POST} else 0
    change = -moved if outgoing else moved
    after = transfer.debit_balance_after if outgoing else transfer.credit_balance_after
    return HistoryEntry(transfer, journal, change, after)


async def _wallet(member_id: UUID) -> Account | None:
    return await Account.get_or_none(kind=AccountKind.MEMBER_WALLET, owner_id=member_id)
