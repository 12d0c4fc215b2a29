"""The order lifecycle after redeeming: cancel, fulfil, ship, deliver, complete, refund, confirm
a cash payment, time out an unpaid one; and reading orders with their history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from tortoise.expressions import F

from app.catalog.models import Reward, RewardType
from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.pagination import Page, PageRequest, fetch_page
from app.ledger.commands import PostHold, VoidHold
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from app.redemption.errors import RedemptionError, RedemptionErrorCode
from app.redemption.models import OrderEvent, OrderStatus, RedemptionOrder
from app.redemption.redeem import (
    PAYMENT_TIMEOUT_SECONDS,
    deliver_codes,
    give_back,
    record_order_event,
)
from app.redemption.transitions import allowed

# Stock that does not come back on a cancel or refund: a coupon's revealed codes stay used, and
# a donation's stock is not counted.
UNCOUNTED_STOCK = frozenset({RewardType.COUPON, RewardType.DONATION})


def usable_codes(order: RedemptionOrder) -> list[str]:
    """The codes a member may still use: none once the order is cancelled or refunded."""
    if order.status in {OrderStatus.CANCELLED, OrderStatus.REFUNDED}:
        return []
    return list(order.coupon_codes)


async def cancel_order(
    tenant_id: UUID, order_id: UUID, actor: str, reason: str, member_id: UUID | None = None
) -> RedemptionOrder:
    """Cancel an order before fulfilment: its points come back by the tenant's restore rule and
    its stock returns (a coupon's revealed codes stay used). `member_id` limits it to that
    member's own orders."""
    async with tenant_scope(tenant_id):
        order = await RedemptionOrder.select_for_update().get_or_none(id=order_id)
        if order is None or (member_id is not None and order.member_id != member_id):
            raise RedemptionError(RedemptionErrorCode.ORDER_NOT_FOUND, "No such order.", "orderId")
        reward_type = (await Reward.get(id=order.reward_id)).type
        final = (
            reward_type is RewardType.DONATION and order.status is not OrderStatus.PENDING_PAYMENT
        )
        if final or not allowed(
            order.status, OrderStatus.CANCELLED, reward_type is RewardType.PHYSICAL
        ):
            raise RedemptionError(
                RedemptionErrorCode.INVALID_TRANSITION,
                f"A {order.status} order cannot be cancelled.",
                "orderId",
            )
        reward = await Reward.select_for_update().get(id=order.reward_id)
        if order.transfer_id is not None and order.status is OrderStatus.PENDING_PAYMENT:
            void = VoidHold(order.transfer_id, f"Cancelled: {reward.name}")
            request = JournalRequest(void, actor, f"cancel:{order.id}", report_balances=False)
            await post_journal(tenant_id, request)
        elif order.transfer_id is not None:
            await give_back(
                tenant_id, order, f"Cancelled: {reward.name}", f"cancel:{order.id}", actor
            )
        if reward.type not in UNCOUNTED_STOCK:
            await Reward.filter(id=reward.id).update(
                stock_available=F("stock_available") + order.quantity
            )
        previous = order.status
        order.status = OrderStatus.CANCELLED
        await order.save(update_fields=["status", "updated_at"])
        await record_order_event(
            order, previous, OrderStatus.CANCELLED, actor, reason.strip()[:200] or "Cancelled"
        )
        return order


@dataclass(frozen=True)
class OrderFilter:
    """Which orders: one member's, in one status, placed at or after `since` and before
    `until` (each None: any)."""

    member_id: UUID | None = None
    status: OrderStatus | None = None
    since: datetime | None = None
    until: datetime | None = None


async def list_orders(
    tenant_id: UUID, only: OrderFilter, page: PageRequest
) -> Page[RedemptionOrder]:
    """Orders oldest first, as `only` narrows them."""
    async with tenant_scope(tenant_id):
        query = RedemptionOrder.all()
        if only.member_id is not None:
            query = query.filter(member_id=only.member_id)
        if only.status is not None:
            query = query.filter(status=only.status)
        if only.since is not None:
            query = query.filter(created_at__gte=only.since)
        if only.until is not None:
            query = query.filter(created_at__lt=only.until)
        return await fetch_page(query, page)


async def get_order(
    tenant_id: UUID, order_id: UUID, member_id: UUID | None = None
) -> RedemptionOrder | None:
    """One order; with `member_id`, only if it is that member's."""
    async with tenant_scope(tenant_id):
        order = await RedemptionOrder.get_or_none(id=order_id)
    return order if order and (member_id is None or order.member_id == member_id) else None


async def order_history(tenant_id: UUID, order_id: UUID) -> list[OrderEvent]:
    async with tenant_scope(tenant_id):
        return await OrderEvent.filter(order_id=order_id).order_by("id")


@dataclass(frozen=True)
class Advance:
    """A staff step on an order: to which status, why, and for shipping the carrier details."""

    target: OrderStatus
    reason: str = ""
    tracking: dict[str, str] | None = None
    restock: bool = False


async def advance_order(
    tenant_id: UUID, order_id: UUID, step: Advance, actor: str
) -> RedemptionOrder:
    """Move an order along (fulfil, ship, deliver, complete, refund); a refund returns the
    points by the tenant's restore rule and, with `restock`, the goods to stock."""
    async with tenant_scope(tenant_id):
        order = await RedemptionOrder.select_for_update().get_or_none(id=order_id)
        if order is None:
            raise RedemptionError(RedemptionErrorCode.ORDER_NOT_FOUND, "No such order.", "orderId")
        reward = await Reward.select_for_update().get(id=order.reward_id)
        donated = reward.type is RewardType.DONATION and step.target is OrderStatus.REFUNDED
        if donated or not allowed(order.status, step.target, reward.type is RewardType.PHYSICAL):
            raise RedemptionError(
                RedemptionErrorCode.INVALID_TRANSITION,
                f"A {order.status} order cannot become {step.target}.",
                "orderId",
            )
        if step.target is OrderStatus.REFUNDED:
            await _refund(tenant_id, order, reward, step, actor)
        if step.tracking:
            order.tracking = step.tracking
        previous = order.status
        order.status = step.target
        await order.save(update_fields=["status", "tracking", "updated_at"])
        await record_order_event(
            order, previous, step.target, actor, step.reason.strip()[:200] or step.target.value
        )
        return order


async def _refund(
    tenant_id: UUID, order: RedemptionOrder, reward: Reward, step: Advance, actor: str
) -> None:
    if order.transfer_id is not None:
        await give_back(tenant_id, order, f"Refunded: {reward.name}", f"refund:{order.id}", actor)
    if step.restock and reward.type not in UNCOUNTED_STOCK:
        await Reward.filter(id=reward.id).update(
            stock_available=F("stock_available") + order.quantity
        )


async def confirm_payment(
    tenant_id: UUID, order_id: UUID, reference: str, amount: int, actor: str
) -> RedemptionOrder:
    """The merchant's backend reports an order's cash part paid: the points hold is spent,
    coupon codes are assigned, and the order is CONFIRMED."""
    async with tenant_scope(tenant_id):
        order = await RedemptionOrder.select_for_update().get_or_none(id=order_id)
        if order is None:
            raise RedemptionError(RedemptionErrorCode.ORDER_NOT_FOUND, "No such order.", "orderId")
        if order.status is not OrderStatus.PENDING_PAYMENT:
            raise RedemptionError(
                RedemptionErrorCode.INVALID_TRANSITION,
                f"A {order.status} order takes no payment.",
                "orderId",
            )
        if amount != order.cash:
            raise RedemptionError(
                RedemptionErrorCode.WRONG_AMOUNT,
                f"The order's cash part is {order.cash}.",
                "amount",
            )
        reward = await Reward.get(id=order.reward_id)
        if order.transfer_id is not None:
            command = PostHold(order.transfer_id, reason=f"Paid: {reference.strip()[:100]}")
            request = JournalRequest(command, actor, f"pay:{order.id}", report_balances=False)
            await post_journal(tenant_id, request)
        await deliver_codes(order, reward)
        order.status = OrderStatus.CONFIRMED
        order.payment_reference = reference.strip()[:128]
        fields = ["status", "coupon_codes", "valid_until", "payment_reference", "updated_at"]
        await order.save(update_fields=fields)
        await record_order_event(
            order, OrderStatus.PENDING_PAYMENT, OrderStatus.CONFIRMED, actor, "Paid"
        )
        return order


async def cancel_unpaid_orders(tenant_id: UUID, now: datetime | None = None) -> int:
    """Cancel orders still unpaid after the payment timeout (a job); returns how many."""
    cutoff = (now or utcnow()) - timedelta(seconds=PAYMENT_TIMEOUT_SECONDS)
    async with tenant_scope(tenant_id):
        unpaid = [
            order.id
            for order in await RedemptionOrder.filter(
                status=OrderStatus.PENDING_PAYMENT, created_at__lt=cutoff
            ).only("id")
        ]
    for order_id in unpaid:
        await cancel_order(tenant_id, order_id, "system:redemption", "Payment timed out")
    return len(unpaid)
