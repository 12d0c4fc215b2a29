"""Purchases and refunds: points for what a member bought, held through the return window,
released by a job, taken back in proportion when refunded. Idempotent by key."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError

from app.checkout.service import captured_for, earns_on_points_part, return_for_refund
from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.idempotency import KeyedRequest, once_in_scope, request_hash
from app.earning import rules
from app.earning.activity import Activity, member_did, one_at_a_time
from app.earning.config import earning_config
from app.earning.debts import add_debt, repay_debt
from app.earning.errors import EarningError, EarningErrorCode
from app.earning.models import (
    ClawbackPolicy,
    EarningSettings,
    PurchaseRecord,
    PurchaseStatus,
)
from app.earning.occasion_awards import reward_referral
from app.earning.pricing import PurchaseRequest, price_purchase, spend_budgets
from app.ledger.commands import Award, Clawback, PendingAward, PostHold, VoidHold
from app.ledger.errors import LedgerError, into_domain
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from app.members.models import Member, MemberStatus
from app.tiers.models import Basis
from app.tiers.service import evaluate

EARNING_ACTOR = "system:earning"


# A pending purchase hold outlives its return window by this much, so the release job has time.
HOLD_GRACE = timedelta(days=30)


MAX_ORDER_ID = 128


MAX_ITEMS = 500


@dataclass(frozen=True)
class RecordedPurchase:
    purchase: PurchaseRecord
    replayed: bool


async def preview_earn(tenant_id: UUID, request: PurchaseRequest) -> rules.Breakdown:
    """What `record_purchase` would award, moving nothing."""
    _validate_purchase(request)
    async with tenant_scope(tenant_id):
        member = await _member(request)
        config = await earning_config(tenant_id)
        earning = await _earning_part(tenant_id, request, member)
        return (await price_purchase(tenant_id, earning, member, config, lock=False)).breakdown


async def record_purchase(
    tenant_id: UUID, request: PurchaseRequest, actor: str, idempotency_key: str
) -> RecordedPurchase:
    """Record an order and promise its points until the return window closes. Idempotent by
    order id: the same order again returns the first record."""
    _validate_purchase(request)
    try:
        async with tenant_scope(tenant_id):
            return RecordedPurchase(
                await _record(tenant_id, request, actor, idempotency_key), replayed=False
            )
    except IntegrityError:
        # The order was recorded before (or by a concurrent request, whose insert we waited
        # for): everything this attempt wrote is rolled back; answer as a replay.
        async with tenant_scope(tenant_id):
            existing = await PurchaseRecord.get_or_none(order_id=request.order_id)
        if existing is None:
            raise
        return RecordedPurchase(_same_order(existing, request), replayed=True)


async def _record(
    tenant_id: UUID, request: PurchaseRequest, actor: str, idempotency_key: str
) -> PurchaseRecord:
    member = await _member(request, lock=True)
    await one_at_a_time(member.id)
    if member.status is MemberStatus.BLOCKED:
        raise EarningError(
            EarningErrorCode.MEMBER_BLOCKED, "Blocked members earn nothing.", "memberId"
        )
    config = await earning_config(tenant_id)
    settings = config.settings
    earning = await _earning_part(tenant_id, request, member)
    priced = await price_purchase(tenant_id, earning, member, config, lock=True)
    breakdown = priced.breakdown
    await spend_budgets(breakdown, priced.budgeted)
    purchase = PurchaseRecord(
        tenant_id=tenant_id,
        member_id=member.id,
        order_id=request.order_id,
        amount=request.amount,
        currency=request.currency,
        items=[_item_json(item) for item in request.items],
        occurred_at=request.occurred_at,
        points=breakdown.total,
        breakdown=breakdown.as_json(),
        release_at=utcnow() + timedelta(days=settings.return_window_days),
    )
    if breakdown.total:
        metadata = {"order_id": request.order_id, "breakdown": purchase.breakdown}
        reason = f"Purchase {request.order_id}"
        if settings.return_window_days:
            seconds = int((purchase.release_at - utcnow() + HOLD_GRACE).total_seconds())
            command: Award | PendingAward = PendingAward(
                member.id, breakdown.total, reason, seconds, "PURCHASE_PENDING", metadata
            )
        else:
            command = Award(member.id, breakdown.total, reason, code="PURCHASE", metadata=metadata)
            purchase.status = PurchaseStatus.RELEASED
        result = await _ledger(tenant_id, command, actor, idempotency_key)
        purchase.hold_id = result.hold_id
        if config.referral_active:
            await reward_referral(tenant_id, member)
    else:
        purchase.status = PurchaseStatus.RELEASED
    await purchase.save()
    if purchase.status is PurchaseStatus.RELEASED and breakdown.total:
        await repay_debt(tenant_id, member.id)
    if priced.tier_basis is Basis.FIAT_SPENT:
        await evaluate(member.id, f"Purchase {request.order_id}")
    await member_did(tenant_id, member.id, Activity.PURCHASE)
    return purchase


async def _earning_part(
    tenant_id: UUID, request: PurchaseRequest, member: Member
) -> PurchaseRequest:
    """The purchase as it earns: without the part its captured checkout points paid (积分抵扣),
    unless the merchant lets that part earn too. `amount` is the order's total."""
    paid = await captured_for(request.order_id)
    if paid is None:
        return request
    if paid.member_id != member.id:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT,
            "This order's points were paid by another member.",
            "memberId",
        )
    if await earns_on_points_part(tenant_id):
        return request
    return replace(request, amount=max(0, request.amount - paid.captured_value))


@dataclass(frozen=True)
class RefundRequest:
    """What came back: an amount in minor units, or items by sku and quantity (valued at their
    share of what the customer paid)."""

    order_id: str
    amount: int | None = None
    items: tuple[tuple[str, int], ...] = ()


async def refund_purchase(
    tenant_id: UUID, request: RefundRequest, actor: str, idempotency_key: str
) -> PurchaseRecord:
    """Take back the points of what was refunded, in proportion: pending points are voided,
    released ones clawed back (what the member already spent is booked as the merchant's loss,
    or owed under REPAY_FIRST). Idempotent by key: a repeat answers with the order as it is."""
    keyed = KeyedRequest(
        tenant_id, actor, idempotency_key, request_hash("refund_purchase", vars(request))
    )

    async def effect() -> dict[str, Any]:
        purchase = await _refund(tenant_id, request, actor, idempotency_key)
        return {"purchase_id": str(purchase.id)}

    applied = await once_in_scope(keyed, effect, EarningError)
    async with tenant_scope(tenant_id):
        return await PurchaseRecord.get(id=UUID(applied.response["purchase_id"]))


async def _refund(
    tenant_id: UUID, request: RefundRequest, actor: str, idempotency_key: str
) -> PurchaseRecord:
    purchase = await PurchaseRecord.select_for_update().get_or_none(order_id=request.order_id)
    if purchase is None:
        raise EarningError(EarningErrorCode.ORDER_NOT_FOUND, "No such order.", "orderId")
    amount = request.amount if request.amount is not None else _items_value(purchase, request.items)
    left = purchase.amount - purchase.refunded_amount
    if left == 0:
        raise EarningError(EarningErrorCode.NOTHING_TO_REFUND, "Already fully refunded.", "orderId")
    if not 0 < amount <= left:
        raise EarningError(
            EarningErrorCode.INVALID_AMOUNT, f"Refund 1 to {left} minor units.", "amount"
        )
    refunded = purchase.refunded_amount + amount
    # Cumulative and rounded down, so partial refunds never take back more than the whole.
    owed = purchase.points * refunded // purchase.amount if purchase.amount else 0
    take = owed - purchase.refunded_points
    if take:
        await _take_back(tenant_id, purchase, take, actor, idempotency_key)
    paid = await captured_for(purchase.order_id)
    if paid is not None:
        await return_for_refund(tenant_id, paid, refunded, purchase.amount, actor, idempotency_key)
    purchase.refunded_amount = refunded
    purchase.refunded_points = owed
    if refunded == purchase.amount:
        purchase.status = PurchaseStatus.REFUNDED
    await purchase.save()
    return purchase


async def _take_back(
    tenant_id: UUID, purchase: PurchaseRecord, take: int, actor: str, key: str
) -> None:
    reason = f"Refund of {purchase.order_id}"
    metadata = {"order_id": purchase.order_id}
    if purchase.status is PurchaseStatus.PENDING and purchase.hold_id is not None:
        await _ledger(tenant_id, VoidHold(purchase.hold_id, reason), actor, f"{key}:void")
        still = purchase.points - purchase.refunded_points - take
        purchase.hold_id = None
        if still:
            seconds = int((purchase.release_at - utcnow() + HOLD_GRACE).total_seconds())
            command = PendingAward(
                purchase.member_id, still, f"Purchase {purchase.order_id}", seconds,
                "PURCHASE_PENDING", metadata,
            )  # fmt: skip
            purchase.hold_id = (await _ledger(tenant_id, command, actor, f"{key}:hold")).hold_id
        return
    clawback = Clawback(purchase.member_id, take, reason, metadata=metadata)
    result = await _ledger(tenant_id, clawback, actor, f"{key}:clawback")
    settings = await EarningSettings.get(tenant_id=tenant_id)
    if result.shortfall and settings.clawback_policy is ClawbackPolicy.REPAY_FIRST:
        await add_debt(tenant_id, purchase.member_id, result.shortfall)


async def release_due_purchases(tenant_id: UUID, limit: int = 200) -> int:
    """Make the points of purchases whose return window closed spendable; returns how many."""
    async with tenant_scope(tenant_id):
        due = (
            await PurchaseRecord.select_for_update()
            .filter(status=PurchaseStatus.PENDING, release_at__lte=utcnow())
            .order_by("release_at")
            .limit(limit)
        )
        for purchase in due:
            if purchase.hold_id is not None:
                await _release(tenant_id, purchase)
            purchase.status = PurchaseStatus.RELEASED
            await purchase.save(update_fields=["status"])
            await repay_debt(tenant_id, purchase.member_id)
            await evaluate(purchase.member_id, f"Purchase {purchase.order_id}")
    return len(due)


async def _release(tenant_id: UUID, purchase: PurchaseRecord) -> None:
    """Post the purchase's pending points. A hold past its own expiry (the release job was
    down for longer than the grace) can no longer post: void it and award the points instead,
    so a member never loses points to a late job and one late hold never blocks the batch."""
    assert purchase.hold_id is not None  # noqa: S101 - checked by the caller
    reason = f"Return window of {purchase.order_id} closed"
    key = f"release:{purchase.id}"
    try:
        await _ledger(tenant_id, PostHold(purchase.hold_id, reason=reason), EARNING_ACTOR, key)
    except EarningError as refusal:
        if refusal.code is not EarningErrorCode.HOLD_EXPIRED:
            raise
        await _ledger(tenant_id, VoidHold(purchase.hold_id, reason), EARNING_ACTOR, f"{key}:void")
        points = purchase.points - purchase.refunded_points
        award = Award(
            purchase.member_id,
            points,
            reason,
            code="PURCHASE",
            metadata={"order_id": purchase.order_id},
        )
        await _ledger(tenant_id, award, EARNING_ACTOR, f"{key}:award")


async def _ledger(tenant_id: UUID, command: Any, actor: str, key: str) -> Any:
    try:
        request = JournalRequest(command, actor, key, report_balances=False)
        return await post_journal(tenant_id, request)
    except LedgerError as refusal:
        raise into_domain(refusal, EarningError) from refusal


async def _member(request: PurchaseRequest, lock: bool = False) -> Member:
    """The purchase's member; locked when recording, so one member's purchases are priced one
    at a time (per-member campaign caps count what the previous one gave)."""
    query = Member.select_for_update() if lock else Member
    if request.member_id is not None:
        member = await query.get_or_none(id=request.member_id)
    else:
        member = await query.get_or_none(external_id=request.external_member_id)
    if member is None:
        raise EarningError(EarningErrorCode.MEMBER_NOT_FOUND, "No such member.", "memberId")
    return member


def _validate_purchase(request: PurchaseRequest) -> None:
    if not 1 <= len(request.order_id) <= MAX_ORDER_ID:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "orderId must be 1-128 characters.", "orderId"
        )
    if request.amount < 0 or request.amount > 2**53 - 1:
        raise EarningError(
            EarningErrorCode.INVALID_AMOUNT, "Amount must be 0 or more.", "amount.amount"
        )
    if (request.member_id is None) == (request.external_member_id is None):
        raise EarningError(
            EarningErrorCode.INVALID_INPUT,
            "Give exactly one of memberId, externalMemberId.",
            "memberId",
        )
    if len(request.items) > MAX_ITEMS:
        raise EarningError(EarningErrorCode.INVALID_INPUT, f"At most {MAX_ITEMS} items.", "items")
    for item in request.items:
        if item.quantity <= 0 or item.unit_price < 0:
            raise EarningError(
                EarningErrorCode.INVALID_INPUT,
                "Items need a positive quantity and a price of 0 or more.",
                "items",
            )


def _same_order(existing: PurchaseRecord, request: PurchaseRequest) -> PurchaseRecord:
    if existing.amount != request.amount or (
        request.member_id is not None and existing.member_id != request.member_id
    ):
        raise EarningError(
            EarningErrorCode.ORDER_ALREADY_RECORDED,
            "This order id was recorded with a different member or amount.",
            "orderId",
        )
    return existing


def _items_value(purchase: PurchaseRecord, returned: tuple[tuple[str, int], ...]) -> int:
    """What returned items were worth of the amount paid (their share, rounded down)."""
    listed = sum(item["unit_price"] * item["quantity"] for item in purchase.items)
    by_sku = {item["sku"]: item for item in purchase.items}
    value = 0
    for sku, quantity in returned:
        item = by_sku.get(sku)
        if item is None or not 0 < quantity <= item["quantity"]:
            raise EarningError(
                EarningErrorCode.INVALID_INPUT, f"The order has no {quantity} x {sku!r}.", "items"
            )
        value += item["unit_price"] * quantity
    return value * purchase.amount // listed if listed else 0


def _item_json(item: rules.Item) -> dict[str, Any]:
    return {
        "sku": item.sku,
        "category": item.category,
        "tags": sorted(item.tags),
        "unit_price": item.unit_price,
        "quantity": item.quantity,
    }


async def get_purchase(tenant_id: UUID, order_id: str) -> PurchaseRecord | None:
    async with tenant_scope(tenant_id):
        return await PurchaseRecord.get_or_none(order_id=order_id)
