"""redeemReward, cancelOrder, orders, order."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.scalars import JSON

from app.redemption import orders, redeem
from app.redemption.errors import RedemptionError
from app.redemption.models import OrderStatus
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.pagination import Connection, connection, page_request
from schema.permissions import actor_of, require_merchant
from schema.redemption.types import Order, OrderStatusEnum, RedemptionUserError
from schema.scalars import MinorUnits
from tenants.principals import MemberPrincipal
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class RedeemRewardInput:
    reward_id: strawberry.ID
    idempotency_key: str
    quantity: int = 1
    shipping_address: JSON | None = strawberry.field(default=None, description="PHYSICAL rewards.")
    member_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Staff and API keys redeem for this member; members for themselves.",
    )


@strawberry.input
class CancelOrderInput:
    order_id: strawberry.ID
    reason: str = ""


@strawberry.type
class OrderPayload:
    order: Order | None = None
    user_errors: list[RedemptionUserError] = strawberry.field(default_factory=list)


def _caller(info: Info, member_id: strawberry.ID | None) -> tuple[UUID, UUID, bool]:
    """(tenant, member, acting as the member) for a member token, or staff/keys naming one."""
    principal = info.context.principal
    if isinstance(principal, MemberPrincipal):
        return principal.tenant_id, principal.member_id, True
    tenant_id = require_merchant(info, StaffRole.STAFF, ApiScope.POINTS_WRITE)
    return tenant_id, parse_id(member_id or ""), False


async def redeem_reward(info: Info, input: RedeemRewardInput) -> OrderPayload:
    tenant_id, member_id, _ = _caller(info, input.member_id)
    shipping = input.shipping_address if isinstance(input.shipping_address, dict) else None
    request = redeem.RedeemRequest(member_id, parse_id(input.reward_id), input.quantity, shipping)
    try:
        order = await redeem.redeem_reward(
            tenant_id, request, actor_of(info), input.idempotency_key
        )
    except RedemptionError as error:
        return OrderPayload(user_errors=user_errors(error, RedemptionUserError))
    return OrderPayload(order=Order.from_model(order))


async def cancel_order(info: Info, input: CancelOrderInput) -> OrderPayload:
    principal = info.context.principal
    own = principal.member_id if isinstance(principal, MemberPrincipal) else None
    tenant_id = (
        principal.tenant_id
        if isinstance(principal, MemberPrincipal)
        else require_merchant(info, StaffRole.STAFF, ApiScope.POINTS_WRITE)
    )
    try:
        order = await orders.cancel_order(
            tenant_id, parse_id(input.order_id), actor_of(info), input.reason, own
        )
    except RedemptionError as error:
        return OrderPayload(user_errors=user_errors(error, RedemptionUserError))
    return OrderPayload(order=Order.from_model(order))


@strawberry.input
class OrderStepInput:
    order_id: strawberry.ID
    reason: str = ""


@strawberry.input
class MarkShippedInput:
    order_id: strawberry.ID
    carrier: str
    tracking_number: str


@strawberry.input
class ConfirmOrderPaymentInput:
    order_id: strawberry.ID
    payment_reference: str
    amount: MinorUnits = strawberry.field(description="Must equal the order's cash part.")


@strawberry.input
class RefundOrderInput:
    order_id: strawberry.ID
    restock: bool = strawberry.field(
        default=False, description="The goods came back: restock them."
    )
    reason: str = ""


async def _advance(info: Info, order_id: strawberry.ID, step: orders.Advance) -> OrderPayload:
    tenant_id = require_merchant(info, StaffRole.STAFF, ApiScope.POINTS_WRITE)
    try:
        order = await orders.advance_order(tenant_id, parse_id(order_id), step, actor_of(info))
    except RedemptionError as error:
        return OrderPayload(user_errors=user_errors(error, RedemptionUserError))
    return OrderPayload(order=Order.from_model(order))


async def fulfill_order(info: Info, input: OrderStepInput) -> OrderPayload:
    return await _advance(info, input.order_id, orders.Advance(OrderStatus.FULFILLED, input.reason))


async def mark_shipped(info: Info, input: MarkShippedInput) -> OrderPayload:
    tracking = {
        "carrier": input.carrier.strip()[:100],
        "tracking_number": input.tracking_number.strip()[:100],
    }
    step = orders.Advance(OrderStatus.SHIPPED, f"Shipped with {tracking['carrier']}", tracking)
    return await _advance(info, input.order_id, step)


async def mark_delivered(info: Info, input: OrderStepInput) -> OrderPayload:
    return await _advance(info, input.order_id, orders.Advance(OrderStatus.DELIVERED, input.reason))


async def complete_order(info: Info, input: OrderStepInput) -> OrderPayload:
    return await _advance(info, input.order_id, orders.Advance(OrderStatus.COMPLETED, input.reason))


async def refund_order(info: Info, input: RefundOrderInput) -> OrderPayload:
    step = orders.Advance(OrderStatus.REFUNDED, input.reason, restock=input.restock)
    return await _advance(info, input.order_id, step)


async def confirm_order_payment(info: Info, input: ConfirmOrderPaymentInput) -> OrderPayload:
    tenant_id = require_merchant(info, StaffRole.STAFF, ApiScope.POINTS_WRITE)
    try:
        order = await orders.confirm_payment(
            tenant_id,
            parse_id(input.order_id),
            input.payment_reference,
            input.amount,
            actor_of(info),
        )
    except RedemptionError as error:
        return OrderPayload(user_errors=user_errors(error, RedemptionUserError))
    return OrderPayload(order=Order.from_model(order))


STEP = " STAFF+ or POINTS_WRITE. Errors: ORDER_NOT_FOUND, INVALID_TRANSITION."


@strawberry.type
class RedemptionMutations:
    confirm_order_payment = strawberry.mutation(
        resolver=confirm_order_payment,
        description="The merchant's backend reports an order's cash part paid: the reserved "
        "points are spent and the order CONFIRMED. Errors: WRONG_AMOUNT." + STEP,
    )
    fulfill_order = strawberry.mutation(
        resolver=fulfill_order,
        description="A non-physical order was delivered to the member." + STEP,
    )
    mark_shipped = strawberry.mutation(
        resolver=mark_shipped, description="A physical order left with a carrier." + STEP
    )
    mark_delivered = strawberry.mutation(
        resolver=mark_delivered, description="A shipped order arrived." + STEP
    )
    complete_order = strawberry.mutation(
        resolver=complete_order, description="Close a fulfilled or delivered order." + STEP
    )
    refund_order = strawberry.mutation(
        resolver=refund_order,
        description="Refund an order short of completion: points come back by the tenant's "
        "restore rule; `restock` returns the goods to stock." + STEP,
    )
    redeem_reward = strawberry.mutation(
        resolver=redeem_reward,
        description="Spend points on a reward: rules checked, stock taken, points moved, coupon "
        "codes assigned, all at once; points-only orders are CONFIRMED. A member token, or "
        "STAFF+ / POINTS_WRITE naming memberId. Idempotent by idempotencyKey. Errors: "
        "INSUFFICIENT_POINTS, OUT_OF_STOCK, TIER_REQUIRED, LIMIT_REACHED, NOT_STARTED, ENDED, "
        "SHIPPING_ADDRESS_REQUIRED. A reward with a cash part reserves the points and waits "
        "in PENDING_PAYMENT for confirmOrderPayment (30 minutes, then it cancels itself).",
    )
    cancel_order = strawberry.mutation(
        resolver=cancel_order,
        description="Cancel a confirmed order before fulfilment: points back by the restore "
        "rule, stock back. Members cancel their own. Errors: ORDER_NOT_FOUND, INVALID_TRANSITION.",
    )


@strawberry.type
class RedemptionQueries:
    @strawberry.field(
        description="Orders oldest first: a member's own, or all for staff (VIEWER+) and "
        "MEMBERS_READ keys; `status` filters. `first` at most 100."
    )
    async def orders(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        status: Annotated[OrderStatus, OrderStatusEnum] | None = None,
    ) -> Connection[Order]:
        tenant_id, member_id = _reader(info)
        page = await orders.list_orders(tenant_id, member_id, page_request(first, after), status)
        return connection(page, Order.from_model)

    @strawberry.field(description="One order; a member sees only their own. Null when unknown.")
    async def order(self, info: Info, id: strawberry.ID) -> Order | None:
        tenant_id, member_id = _reader(info)
        found = await orders.get_order(tenant_id, parse_id(id), member_id)
        return Order.from_model(found) if found else None


def _reader(info: Info) -> tuple[UUID, UUID | None]:
    principal = info.context.principal
    if isinstance(principal, MemberPrincipal):
        return principal.tenant_id, principal.member_id
    return require_merchant(info, StaffRole.VIEWER, ApiScope.MEMBERS_READ), None
