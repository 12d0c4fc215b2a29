"""Redeeming: a member's order for a reward, every rule checked, stock taken, points moved and
coupon codes assigned in one transaction (idempotent by key); lottery prizes become orders the
same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from math import floor
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.functions import Sum

from app.catalog.eligibility import Offer, Shopper, why_not
from app.catalog.models import Reward, RewardStatus, RewardType
from app.catalog.service import member_price
from app.core.clock import local_day_start, utcnow
from app.core.codes import readable_code
from app.core.db import tenant_scope, with_retries
from app.core.idempotency import KeyedRequest, applied_once, request_hash
from app.core.ids import uuid7
from app.core.jobqueue import enqueue
from app.core.platform_tenant import PLATFORM_TENANT_ID
from app.exchange.treasury import platform_payer, reward_paid_in_plat, reward_plat_returned
from app.ledger.accounts import MAX_AMOUNT as MAX_POINTS
from app.ledger.accounts import AccountKind
from app.ledger.commands import Deduct, Hold, MerchantContribution, ReturnPoints
from app.ledger.errors import LedgerError, into_domain
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from app.members.models import Member, MemberStatus
from app.redemption.errors import RedemptionError, RedemptionErrorCode
from app.redemption.models import OrderEvent, OrderStatus, RedemptionOrder
from app.tiers.models import Tier
from app.tiers.service import tier_standing
from app.webhooks.events import emit
from tenants.clock import zone_of

# An order with a cash part waits this long for its payment, then cancels itself; its points
# hold lasts a little longer, so the timeout job (not the hold's own expiry) releases it.
PAYMENT_TIMEOUT_SECONDS = 30 * 60


HOLD_GRACE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class RedeemRequest:
    member_id: UUID
    reward_id: UUID
    quantity: int = 1
    shipping: dict[str, Any] | None = None


async def redeem_reward(
    tenant_id: UUID, request: RedeemRequest, actor: str, idempotency_key: str
) -> RedemptionOrder:
    """Redeem a reward for a member: every rule checked, stock taken, points moved and coupon
    codes assigned in one transaction. Idempotent by key."""
    if not 1 <= request.quantity <= 1000:
        raise RedemptionError(
            RedemptionErrorCode.INVALID_INPUT, "Quantity must be 1-1000.", "quantity"
        )
    keyed = KeyedRequest(
        tenant_id, actor, idempotency_key, request_hash("redeem_reward", vars(request))
    )

    async def attempt() -> RedemptionOrder:
        async with tenant_scope(tenant_id) as connection:

            async def effect() -> dict[str, Any]:
                order = await _redeem(connection, tenant_id, request, actor)
                return {"order_id": str(order.id)}

            applied = await applied_once(connection, keyed, effect, RedemptionError)
            return await RedemptionOrder.get(id=UUID(applied.response["order_id"]))

    return await with_retries(attempt, idempotent=True)


async def _redeem(
    connection: BaseDBAsyncClient, tenant_id: UUID, request: RedeemRequest, actor: str
) -> RedemptionOrder:
    member = await Member.get_or_none(id=request.member_id)
    if member is None:
        raise RedemptionError(RedemptionErrorCode.MEMBER_NOT_FOUND, "No such member.", "memberId")
    if member.status is MemberStatus.BLOCKED:
        raise RedemptionError(
            RedemptionErrorCode.MEMBER_BLOCKED, "The member is blocked.", "memberId"
        )
    # The reward's row lock serialises its redemptions: stock and limits are checked and spent
    # one order at a time. (It is taken before the ledger's account locks, always.)
    reward = await Reward.select_for_update().get_or_none(id=request.reward_id)
    if reward is None:
        raise RedemptionError(RedemptionErrorCode.REWARD_NOT_FOUND, "No such reward.", "rewardId")
    _check_order_shape(reward, request)
    await _check_rules(tenant_id, reward, request)
    price = reward.price_points
    if reward.tier_prices:
        price = member_price(reward, (await tier_standing(member.id)).tier.id)
    points = price * request.quantity
    cash = reward.price_cash * request.quantity
    status = OrderStatus.PENDING_PAYMENT if cash else OrderStatus.CONFIRMED
    order = RedemptionOrder(
        id=uuid7(), tenant_id=tenant_id, member_id=member.id, reward_id=reward.id,
        quantity=request.quantity, points=points, cash=cash, status=status,
        shipping=request.shipping,
    )  # fmt: skip
    if reward.type is not RewardType.DONATION:
        await Reward.filter(id=reward.id).update(
            stock_available=F("stock_available") - request.quantity
        )
    if points:
        await _spend(tenant_id, reward, order, member.id, actor)
    if reward.type is RewardType.DONATION and points and not cash:
        order.matched_points = await _match(tenant_id, reward, order, actor)
    if cash:
        # Committed with the order: the job that cancels it if it is still unpaid by then.
        due = utcnow() + timedelta(seconds=PAYMENT_TIMEOUT_SECONDS + 1)
        await enqueue(connection, "cancel_unpaid_orders", {"tenant_id": str(tenant_id)}, at=due)
    else:
        await deliver_codes(order, reward)
    await order.save()
    await record_order_event(order, None, status, actor, "Redeemed")
    return order


async def _spend(
    tenant_id: UUID, reward: Reward, order: RedemptionOrder, member_id: UUID, actor: str
) -> None:
    """Take the order's points: from the member's wallet, or from its platform wallet for a
    reward priced in PLAT (the platform then owes the merchant their value). A cash order only
    reserves the points until it is paid or times out."""
    ledger_id, payer = tenant_id, member_id
    if reward.plat_priced:
        customer = await platform_payer(tenant_id, member_id)
        if customer is None:
            raise RedemptionError(
                RedemptionErrorCode.NOT_LINKED,
                "Link a platform wallet to pay in platform points.",
                "rewardId",
            )
        ledger_id, payer = PLATFORM_TENANT_ID, customer
    metadata = {"order_id": str(order.id), "reward_id": str(reward.id)}
    reason = f"Redeemed {reward.name}"
    sink = AccountKind.DONATION if reward.type is RewardType.DONATION else AccountKind.REDEMPTION
    timeout = PAYMENT_TIMEOUT_SECONDS + HOLD_GRACE_SECONDS
    command: Deduct | Hold = (
        Hold(payer, order.points, reason, timeout, "REDEMPTION_HOLD", metadata)
        if order.cash
        else Deduct(payer, order.points, reason, code="REDEMPTION", metadata=metadata, sink=sink)
    )
    try:
        result = await post_journal(
            ledger_id, JournalRequest(command, actor, report_balances=False)
        )
    except LedgerError as refusal:
        raise into_domain(refusal, RedemptionError, "rewardId") from refusal
    order.transfer_id = result.transfer_id
    if reward.plat_priced:
        assert result.journal_id is not None  # noqa: S101 - a posted journal has an id
        order.plat_paid = True
        order.plat_value_minor = await reward_paid_in_plat(
            tenant_id, order.points, result.journal_id
        )


async def give_back(
    tenant_id: UUID, order: RedemptionOrder, reason: str, key: str, actor: str
) -> None:
    """Return a spent order's points by the restore rule, to the ledger they came from; for a
    PLAT payment the merchant owes the platform its value back."""
    assert order.transfer_id is not None  # noqa: S101 - callers check
    command = ReturnPoints(order.transfer_id, order.points, reason)
    ledger_id = PLATFORM_TENANT_ID if order.plat_paid else tenant_id
    result = await post_journal(
        ledger_id, JournalRequest(command, actor, key, report_balances=False)
    )
    if order.plat_paid and not result.replayed:
        assert result.journal_id is not None  # noqa: S101 - a posted journal has an id
        await reward_plat_returned(tenant_id, order.plat_value_minor, result.journal_id)


async def _match(tenant_id: UUID, reward: Reward, order: RedemptionOrder, actor: str) -> int:
    """The merchant's matching of a donation, within what is left of its budget (the reward's
    row is locked, so the budget is spent one donation at a time)."""
    matched: int = floor(order.points * Fraction(reward.match_ratio))
    if reward.match_budget is not None:
        matched = min(matched, reward.match_budget - reward.matched_points)
    if matched <= 0:
        return 0
    metadata = {"order_id": str(order.id), "reward_id": str(reward.id)}
    command = MerchantContribution(
        matched, f"Matched: {reward.name}", code="DONATION_MATCH", metadata=metadata
    )
    await post_journal(tenant_id, JournalRequest(command, actor, report_balances=False))
    await Reward.filter(id=reward.id).update(matched_points=F("matched_points") + matched)
    return matched


def _check_order_shape(reward: Reward, request: RedeemRequest) -> None:
    if request.quantity > reward.max_per_order:
        raise RedemptionError(
            RedemptionErrorCode.INVALID_INPUT,
            f"At most {reward.max_per_order} per order.",
            "quantity",
        )
    if reward.type is RewardType.PHYSICAL and not request.shipping:
        raise RedemptionError(
            RedemptionErrorCode.SHIPPING_ADDRESS_REQUIRED,
            "Physical rewards ship.",
            "shippingAddress",
        )


async def _check_rules(tenant_id: UUID, reward: Reward, request: RedeemRequest) -> None:
    """Every rule but the points: the ledger refuses an overdraw itself, under the wallet's
    lock, so reading the wallet here would only cost a round trip (and could be stale)."""
    now = utcnow()
    rank, min_rank = 0, None
    if reward.min_tier_id is not None:
        ranks = {tier.id: tier.rank for tier in await Tier.all()}
        min_rank = ranks.get(reward.min_tier_id)
        rank = (await tier_standing(request.member_id)).tier.rank
    offer = Offer(
        active=reward.status is RewardStatus.ACTIVE,
        price_points=reward.price_points,
        stock_available=reward.stock_available,
        available_from=reward.available_from,
        available_until=reward.available_until,
        min_tier_rank=min_rank,
        unlimited=reward.type is RewardType.DONATION,
    )
    redeemed, redeemed_today = await _redeemed_so_far(request.member_id, reward, now)
    shopper = Shopper(
        available_points=MAX_POINTS,
        tier_rank=rank,
        redeemed=redeemed,
        redeemed_today=redeemed_today,
    )
    blocker = why_not(
        offer,
        shopper,
        now,
        request.quantity,
        reward.per_member_limit,
        reward.per_member_daily_limit,
    )
    if blocker is not None:
        raise RedemptionError(
            RedemptionErrorCode(blocker.value), _MESSAGES[blocker.value], "rewardId"
        )


_MESSAGES = {
    "NOT_AVAILABLE": "This reward is not available.",
    "NOT_STARTED": "This reward is not available yet.",
    "ENDED": "This reward is no longer available.",
    "OUT_OF_STOCK": "Not enough stock left.",
    "TIER_REQUIRED": "This reward is for a higher tier.",
    "LIMIT_REACHED": "The member has redeemed this reward as often as allowed.",
    "INSUFFICIENT_POINTS": "Not enough points.",
}


async def limits_reached(tenant_id: UUID, member_id: UUID, rewards: list[Reward]) -> set[UUID]:
    """The rewards among `rewards` the member has redeemed as often as their lifetime or daily
    limit allows (one more unit would be refused)."""
    now, reached = utcnow(), set()
    async with tenant_scope(tenant_id):
        for reward in rewards:
            redeemed, today = await _redeemed_so_far(member_id, reward, now)
            if (reward.per_member_limit is not None and redeemed >= reward.per_member_limit) or (
                reward.per_member_daily_limit is not None and today >= reward.per_member_daily_limit
            ):
                reached.add(reward.id)
    return reached


async def _redeemed_so_far(member_id: UUID, reward: Reward, now: datetime) -> tuple[int, int]:
    """Units of `reward` the member has ordered (not cancelled), ever and today (the merchant's
    day); zeros when the reward has no per-member limit (nothing to count against)."""
    if reward.per_member_limit is None and reward.per_member_daily_limit is None:
        return 0, 0
    midnight = local_day_start(now, await zone_of(reward.tenant_id))
    return (
        await _redeemed(member_id, reward.id, None),
        await _redeemed(member_id, reward.id, midnight),
    )


async def _redeemed(member_id: UUID, reward_id: UUID, since: datetime | None) -> int:
    query = RedemptionOrder.filter(member_id=member_id, reward_id=reward_id).exclude(
        status=OrderStatus.CANCELLED
    )
    if since is not None:
        query = query.filter(created_at__gte=since)
    rows = await query.annotate(total=Sum("quantity")).values("total")
    return int(rows[0]["total"] or 0) if rows else 0


async def deliver_codes(order: RedemptionOrder, reward: Reward) -> None:
    """A confirmed COUPON order gets codes from the pool; a SERVICE order gets voucher codes
    of its own, valid for the reward's `valid_days`."""
    if reward.type is RewardType.COUPON:
        order.coupon_codes = await _assign_codes(order, order.quantity)
    elif reward.type is RewardType.SERVICE:
        order.coupon_codes = [readable_code() for _ in range(order.quantity)]
        if reward.valid_days:
            order.valid_until = utcnow() + timedelta(days=reward.valid_days)


async def _assign_codes(order: RedemptionOrder, quantity: int) -> list[str]:
    """Take free codes from the pool; SKIP LOCKED, so concurrent orders never share one. The
    pick is a CTE, evaluated once: as an IN (...) subquery PostgreSQL may run it again and
    take more codes than asked for."""
    rows = await RedemptionOrder._meta.db.execute_query_dict(
        "WITH picked AS (SELECT id FROM coupon_code WHERE tenant_id = $4 AND reward_id = $2"
        " AND order_id IS NULL ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)"
        " UPDATE coupon_code c SET order_id = $1, assigned_at = now() FROM picked"
        " WHERE c.tenant_id = $4 AND c.id = picked.id RETURNING c.code",
        [order.id, order.reward_id, quantity, order.tenant_id],
    )
    if len(rows) < quantity:
        raise RedemptionError(RedemptionErrorCode.OUT_OF_STOCK, "No coupon codes left.", "rewardId")
    return sorted(str(row["code"]) for row in rows)


async def record_order_event(
    order: RedemptionOrder,
    previous: OrderStatus | None,
    status: OrderStatus,
    actor: str,
    reason: str,
) -> None:
    await OrderEvent.create(
        tenant_id=order.tenant_id,
        order_id=order.id,
        from_status=previous.value if previous else None,
        to_status=status.value,
        actor=actor,
        reason=reason,
    )
    data = {
        "order_id": str(order.id),
        "member_id": str(order.member_id),
        "reward_id": str(order.reward_id),
        "quantity": order.quantity,
        "points": order.points,
        "cash": order.cash,
        "from_status": previous.value if previous else None,
        "status": status.value,
        "reason": reason,
    }
    kind = "order.created" if previous is None else "order.status_changed"
    await emit(order.tenant_id, kind, data)


async def grant_prize(
    tenant_id: UUID, member_id: UUID, reward_id: UUID, actor: str, reason: str
) -> RedemptionOrder | None:
    """An order for a reward won (say in a lottery): no points, confirmed at once, one unit of
    stock taken, codes delivered. None when the reward is gone or out of stock. Call in the
    tenant's scope."""
    reward = await Reward.select_for_update().get_or_none(id=reward_id)
    if reward is None or reward.status is not RewardStatus.ACTIVE or reward.stock_available < 1:
        return None
    order = RedemptionOrder(
        id=uuid7(), tenant_id=tenant_id, member_id=member_id, reward_id=reward.id, quantity=1,
        points=0, cash=0, status=OrderStatus.CONFIRMED,
    )  # fmt: skip
    await Reward.filter(id=reward.id).update(stock_available=F("stock_available") - 1)
    await deliver_codes(order, reward)
    await order.save()
    await record_order_event(order, None, OrderStatus.CONFIRMED, actor, reason)
    return order
