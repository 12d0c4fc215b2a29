"""Applying one command as one journal, inside the tenant's transaction.

Every spend first tidies the wallet: holds past their timeout are voided and lots past their
expiry move to BREAKAGE, so nothing expired is ever spent and `available` is what it says.
Raises LedgerError for expected refusals; the caller's savepoint discards what was written.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from app.core.clock import local_day_start
from app.ledger.accounts import MAX_AMOUNT, AccountKind, Phase
from app.ledger.books import Balance, Books, JournalHead, LotOpening, TransferRow
from app.ledger.commands import (
    Award,
    Clawback,
    Command,
    Deduct,
    ExpireWallet,
    FundTreasury,
    Hold,
    MemberTransfer,
    MerchantContribution,
    PendingAward,
    PostHold,
    ReturnPoints,
    VoidHold,
)
from app.ledger.errors import LedgerError, LedgerErrorCode
from app.ledger.policy import PointsRules, RestoreRule, lot_expiry
from app.ledger.validation import check_amount, insufficient, member_blocked, no_such_member


class Context:
    """Who acts, under which points policy, and the journal's spread over system slots."""

    def __init__(self, books: Books, actor: str, rules: PointsRules, spread_key: int) -> None:
        self.books = books
        self.actor = actor
        self.rules = rules
        self.spread_key = spread_key
        self.wallets: dict[UUID, UUID] = {}
        # Points that expired while this journal tidied a wallet: (member, points, journal id).
        self.expired: list[tuple[UUID, int, UUID]] = []
        # Points members earned in this journal (issued into their wallets, less what a
        # clawback took back to issuance), for leaderboards and tiers.
        self.earned: dict[UUID, int] = {}

    def lot_expiry(self) -> datetime | None:
        """When a lot opened now expires under the tenant's policy, in its time zone."""
        return lot_expiry(self.rules.expiry, datetime.now(UTC), self.rules.zone)

    def earn(self, member_id: UUID, points: int) -> None:
        self.earned[member_id] = self.earned.get(member_id, 0) + points

    async def system(self, kind: AccountKind) -> UUID:
        return await self.books.system(kind, self.spread_key)

    async def wallet(self, member_id: UUID, field: str, active_only: bool = False) -> UUID:
        """The member's wallet; MEMBER_NOT_FOUND for no member of this tenant (another
        tenant's included), MEMBER_BLOCKED when `active_only` and the member is blocked."""
        found = await self.books.member_wallet(member_id)
        if found is None:
            raise no_such_member(field)
        wallet_id, status = found
        if active_only and status != "ACTIVE":
            raise member_blocked(field)
        self.wallets[member_id] = wallet_id
        return wallet_id

    def head(self, code: str, reason: str, metadata: dict[str, Any] | None = None) -> JournalHead:
        return JournalHead(code, reason, self.actor, metadata or {})


MEMBER_TRANSFER = "MEMBER_TRANSFER"


# Where spent points may go.
SPEND_SINKS = frozenset(
    {
        AccountKind.REDEMPTION,
        AccountKind.DONATION,
        AccountKind.CLAWBACK_LOSS,
        AccountKind.EXCHANGE_CLEARING,
    }
)


# Where awarded points may come from.
AWARD_SOURCES = frozenset({AccountKind.ISSUANCE, AccountKind.EXCHANGE_CLEARING})


async def apply(ctx: Context, command: Command) -> dict[str, Any]:
    """Apply `command`; returns what the caller reports (journal and hold ids)."""
    if isinstance(command, Award):
        return await _award(ctx, command)
    if isinstance(command, PendingAward):
        return await _pending_award(ctx, command)
    if isinstance(command, Clawback):
        return await _clawback(ctx, command)
    if isinstance(command, Deduct | Hold):
        return await _spend(ctx, command)
    if isinstance(command, MemberTransfer):
        return await _transfer(ctx, command)
    if isinstance(command, PostHold | VoidHold):
        return await _resolve(ctx, command)
    if isinstance(command, ReturnPoints):
        return await _return(ctx, command)
    if isinstance(command, MerchantContribution):
        return await _contribute(ctx, command)
    if isinstance(command, FundTreasury):
        return await _fund_treasury(ctx, command)
    return await _expire(ctx, command)


async def _award(ctx: Context, command: Award) -> dict[str, Any]:
    check_amount(command.amount)
    books = ctx.books
    if command.source not in AWARD_SOURCES:
        raise LedgerError(
            LedgerErrorCode.INVALID_INPUT, f"Points cannot come from {command.source}.", "source"
        )
    # A lot born expired would count as available until the expiry job took it back. Checked
    # here, after the key is claimed, not with the command's shape: a retry of an award that
    # was applied before its expiry passed is answered with what it did.
    if command.expires_at is not None and command.expires_at <= datetime.now(UTC):
        raise LedgerError(
            LedgerErrorCode.INVALID_INPUT, "expiresAt must be in the future.", "expiresAt"
        )
    wallet = await ctx.wallet(command.member_id, "memberId", active_only=True)
    if command.treasury_owner is None:
        source = await ctx.system(command.source)
        await books.lock(wallet, source)
    else:
        source = await books.account(AccountKind.TREASURY, command.treasury_owner)
        treasury = (await books.lock(wallet, source))[source]
        if treasury.available < command.amount:
            raise LedgerError(
                LedgerErrorCode.INSUFFICIENT_POINTS,
                f"The treasury holds {treasury.available} points, {command.amount} needed.",
                "amount",
            )
    expires_at = command.expires_at or lot_expiry(
        ctx.rules.expiry, datetime.now(UTC), ctx.rules.zone
    )
    head = ctx.head(command.code, command.reason, command.metadata)
    posted = await books.post(head, source, wallet, command.amount, lot=LotOpening(expires_at))
    if command.treasury_owner is None and command.source is AccountKind.ISSUANCE:
        ctx.earn(command.member_id, command.amount)
    return posted.as_json()


async def _pending_award(ctx: Context, command: PendingAward) -> dict[str, Any]:
    check_amount(command.amount)
    books = ctx.books
    wallet = await ctx.wallet(command.member_id, "memberId", active_only=True)
    source = await ctx.system(AccountKind.ISSUANCE)
    await books.lock(wallet, source)
    head = ctx.head(command.code, command.reason, command.metadata)
    hold = await books.post(
        head, source, wallet, command.amount, Phase.PENDING, hold_seconds=command.hold_seconds
    )
    return hold.as_json() | {"hold_id": str(hold.transfer_id)}


async def _clawback(ctx: Context, command: Clawback) -> dict[str, Any]:
    check_amount(command.amount)
    books = ctx.books
    wallet = await ctx.wallet(command.member_id, "memberId")
    source = await ctx.system(AccountKind.ISSUANCE)
    loss = await ctx.system(AccountKind.CLAWBACK_LOSS)
    breakage = await ctx.system(AccountKind.BREAKAGE)
    await books.lock(wallet, source, loss, breakage)
    balance = await _tidy(ctx, wallet, breakage)
    taken = min(balance.available, command.amount)
    shortfall = command.amount - taken
    head = ctx.head(command.code, command.reason, command.metadata | {"shortfall": shortfall})
    if taken:
        posted = await books.post(head, wallet, source, taken)
        await books.take_from_lots(wallet, taken, posted.transfer_id, "CONSUME")
        ctx.earn(command.member_id, -taken)  # earned no more: off the leaderboards
        if shortfall:
            await books.add_transfer(posted.journal_id, loss, source, shortfall, "CLAWBACK_LOSS")
    else:
        posted = await books.post(head, loss, source, shortfall)
    return posted.as_json() | {"shortfall": shortfall}


async def _spend(ctx: Context, command: Deduct | Hold) -> dict[str, Any]:
    check_amount(command.amount)
    books = ctx.books
    wallet = await ctx.wallet(command.member_id, "memberId")
    sink_kind = command.sink if isinstance(command, Deduct) else AccountKind.REDEMPTION
    if sink_kind not in SPEND_SINKS:
        raise LedgerError(
            LedgerErrorCode.INVALID_INPUT, f"Points cannot go to {sink_kind}.", "sink"
        )
    sink = await ctx.system(sink_kind)
    breakage = await ctx.system(AccountKind.BREAKAGE)
    await books.lock(wallet, sink, breakage)
    balance = await _tidy(ctx, wallet, breakage)
    if balance.available < command.amount:
        raise insufficient(balance.available, command.amount)
    head = ctx.head(command.code, command.reason, command.metadata)
    if isinstance(command, Hold):
        hold = await books.post(
            head, wallet, sink, command.amount, Phase.PENDING, hold_seconds=command.hold_seconds
        )
        await books.take_from_lots(wallet, command.amount, hold.transfer_id, "RESERVE")
        return hold.as_json() | {"hold_id": str(hold.transfer_id)}
    posted = await books.post(head, wallet, sink, command.amount)
    await books.take_from_lots(wallet, command.amount, posted.transfer_id, "CONSUME")
    return posted.as_json()


async def _transfer(ctx: Context, command: MemberTransfer) -> dict[str, Any]:
    check_amount(command.amount)
    if command.from_member_id == command.to_member_id:
        raise LedgerError(
            LedgerErrorCode.SAME_MEMBER, "Cannot transfer to the same member.", "toMemberId"
        )
    if not ctx.rules.member_transfers_enabled:
        raise LedgerError(
            LedgerErrorCode.TRANSFERS_DISABLED, "This merchant does not allow transfers.", None
        )
    books = ctx.books
    source = await ctx.wallet(command.from_member_id, "fromMemberId")
    target = await ctx.wallet(command.to_member_id, "toMemberId")
    breakage = await ctx.system(AccountKind.BREAKAGE)
    await books.lock(source, target, breakage)
    code = MEMBER_TRANSFER if command.member_initiated else command.code
    if command.member_initiated and ctx.rules.member_transfer_daily_cap:
        today = local_day_start(datetime.now(UTC), ctx.rules.zone)
        sent = await books.sent_since(source, MEMBER_TRANSFER, today)
        if sent + command.amount > ctx.rules.member_transfer_daily_cap:
            raise LedgerError(
                LedgerErrorCode.DAILY_CAP_REACHED,
                f"Members may transfer {ctx.rules.member_transfer_daily_cap} points a day;"
                f" {sent} sent today.",
                "amount",
            )
    balance = await _tidy(ctx, source, breakage)
    if balance.available < command.amount:
        raise insufficient(balance.available, command.amount)
    posted = await books.post(
        ctx.head(code, command.reason, command.metadata), source, target, command.amount
    )
    taken = await books.take_from_lots(source, command.amount, posted.transfer_id, "CONSUME")
    for lot, points in taken:
        await books.open_lot(target, points, lot.expires_at, posted.transfer_id)
    return posted.as_json()


async def _resolve(ctx: Context, command: PostHold | VoidHold) -> dict[str, Any]:
    books = ctx.books
    hold = await books.hold(command.hold_id)
    if hold is None:
        raise LedgerError(LedgerErrorCode.HOLD_NOT_FOUND, "No open hold with this id.", "holdId")
    accounts = await books.lock(hold.debit_account_id, hold.credit_account_id)
    if await books.hold(command.hold_id) is None:
        raise LedgerError(
            LedgerErrorCode.HOLD_RESOLVED, "The hold was resolved meanwhile.", "holdId"
        )
    expired = hold.expires_at is not None and hold.expires_at <= datetime.now(UTC)
    if isinstance(command, PostHold) and expired:
        raise LedgerError(LedgerErrorCode.HOLD_EXPIRED, "The hold has expired.", "holdId")
    amount = hold.amount
    phase = Phase.VOID
    if isinstance(command, PostHold):
        amount = hold.amount if command.amount is None else command.amount
        check_amount(amount)
        if amount > hold.amount:
            raise LedgerError(
                LedgerErrorCode.INVALID_AMOUNT, f"The hold is for {hold.amount} points.", "amount"
            )
        phase = Phase.POST
    head = ctx.head(command.code, command.reason, {"hold_id": str(hold.id)})
    resolution = await books.post(
        head, hold.debit_account_id, hold.credit_account_id, amount, phase, hold.id
    )
    posted = amount if phase is Phase.POST else 0
    credit = accounts[hold.credit_account_id]
    await _settle_lots(ctx, hold, resolution.transfer_id, posted, credit)
    issued = accounts[hold.debit_account_id].kind is AccountKind.ISSUANCE
    if posted and issued and credit.kind is AccountKind.MEMBER_WALLET:
        ctx.earn(await books.owner(hold.credit_account_id), posted)
    return resolution.as_json()


async def _settle_lots(
    ctx: Context, hold: TransferRow, transfer: UUID, posted: int, credit: Balance
) -> None:
    """Release the hold's reserved lots, consuming the posted part of them FIFO; a posted
    pending credit to a wallet opens its lot."""
    books = ctx.books
    reserved = await books.allocations(hold.id, "RESERVE")
    await books.allocate(reserved, transfer, "RELEASE")
    consumed, left = [], posted
    for lot_id, points in reserved:
        take = min(points, left)
        if take:
            consumed.append((lot_id, take))
            left -= take
    await books.allocate(consumed, transfer, "CONSUME")
    if credit.kind is AccountKind.MEMBER_WALLET and posted:
        expires_at = ctx.lot_expiry()
        await books.open_lot(hold.credit_account_id, posted, expires_at, transfer)


async def _fund_treasury(ctx: Context, command: FundTreasury) -> dict[str, Any]:
    check_amount(command.amount)
    source = await ctx.system(AccountKind.ISSUANCE)
    treasury = await ctx.books.account(AccountKind.TREASURY, command.owner_id)
    await ctx.books.lock(source, treasury)
    head = ctx.head(command.code, command.reason, command.metadata)
    posted = await ctx.books.post(head, source, treasury, command.amount)
    return posted.as_json() | {"treasury": (await ctx.books.balance(treasury)).as_json()}


async def _contribute(ctx: Context, command: MerchantContribution) -> dict[str, Any]:
    check_amount(command.amount)
    if command.credit not in SPEND_SINKS:
        raise LedgerError(
            LedgerErrorCode.INVALID_INPUT, f"Cannot contribute to {command.credit}.", "credit"
        )
    source = await ctx.system(AccountKind.ISSUANCE)
    target = await ctx.system(command.credit)
    await ctx.books.lock(source, target)
    head = ctx.head(command.code, command.reason, command.metadata)
    return (await ctx.books.post(head, source, target, command.amount)).as_json()


async def _return(ctx: Context, command: ReturnPoints) -> dict[str, Any]:
    check_amount(command.amount)
    books = ctx.books
    spend = await books.spend(command.transfer_id)
    if spend is None:
        raise LedgerError(
            LedgerErrorCode.TRANSFER_NOT_FOUND,
            "No spend of a member's points with this id.",
            "transferId",
        )
    await books.lock(spend.debit_account_id, spend.credit_account_id)
    restorable = await books.restorable(spend.id)
    left = sum(points for _, points in restorable)
    if command.amount > left:
        raise LedgerError(
            LedgerErrorCode.INVALID_AMOUNT,
            f"Only {left} points of this spend can return.",
            "amount",
        )
    head = ctx.head(command.code, command.reason, {"returns_transfer_id": str(spend.id)})
    fresh = ctx.rules.restore_rule is RestoreRule.FRESH
    lot = (
        LotOpening(lot_expiry(ctx.rules.expiry, datetime.now(UTC), ctx.rules.zone))
        if fresh
        else None
    )
    posted = await books.post(
        head, spend.credit_account_id, spend.debit_account_id, command.amount, lot=lot
    )
    if not fresh:
        plan = _latest_first(restorable, command.amount)
        await books.allocate(plan, posted.transfer_id, "RESTORE")
    return posted.as_json()


def _latest_first(restorable: list[tuple[UUID, int]], amount: int) -> list[tuple[UUID, int]]:
    """Fill the latest-expiring lots first: the member keeps the longest-lived points."""
    plan, left = [], amount
    for lot_id, points in reversed(restorable):
        take = min(points, left)
        if take:
            plan.append((lot_id, take))
            left -= take
    return plan


async def _expire(ctx: Context, command: ExpireWallet) -> dict[str, Any]:
    books = ctx.books
    wallet = await ctx.wallet(command.member_id, "memberId")
    breakage = await ctx.system(AccountKind.BREAKAGE)
    await books.lock(wallet, breakage)
    await _tidy(ctx, wallet, breakage, everything=command.everything)
    return {}


async def _tidy(ctx: Context, wallet: UUID, breakage: UUID, everything: bool = False) -> Balance:
    """Void the wallet's timed-out holds and expire its lots that are due (all free points
    with `everything`); its balance after."""
    books = ctx.books
    for hold in await books.expired_holds(wallet):
        head = ctx.head("HOLD_EXPIRE", "Hold timed out", {"hold_id": str(hold.id)})
        voided = await books.post(
            head, hold.debit_account_id, hold.credit_account_id, hold.amount, Phase.EXPIRE, hold.id
        )
        reserved = await books.allocations(hold.id, "RESERVE")
        await books.allocate(reserved, voided.transfer_id, "RELEASE")
    lots = await (books.free_lots(wallet, MAX_AMOUNT) if everything else books.expired_lots(wallet))
    due = [(lot.id, lot.free) for lot in lots]
    if due:
        total = sum(points for _, points in due)
        expired = await books.post(ctx.head("EXPIRE", "Points expired"), wallet, breakage, total)
        await books.allocate(due, expired.transfer_id, "CONSUME")
        member = next(member for member, held in ctx.wallets.items() if held == wallet)
        ctx.expired.append((member, total, expired.journal_id))
    return await books.balance(wallet)
