"""authorizePointsPayment, capturePointsPayment, voidPointsPayment: the points part of an order
at the merchant's own checkout, from its backend (or staff at a till)."""

from __future__ import annotations

import strawberry

from app.checkout import service
from app.checkout.errors import CheckoutError
from app.checkout.models import PointsPayment as PaymentRow
from schema.checkout.types import CheckoutUserError, PointsPayment, PointsPaymentPayload
from schema.context import Info
from schema.errors import Nested, user_errors
from schema.ids import parse_id
from schema.money import MoneyInput
from schema.permissions import Access, actor_of, mutation, tenant_of
from schema.scalars import Points
from tenants.roles import ApiScope, StaffRole

WRITERS = Access(staff=StaffRole.STAFF, key=ApiScope.POINTS_WRITE)


@strawberry.input
class AuthorizePointsPaymentInput:
    order_id: str
    member_id: strawberry.ID
    order_amount: MoneyInput
    points: Points
    idempotency_key: str


@strawberry.input
class CapturePointsPaymentInput:
    order_id: str
    points: Points | None = None
    idempotency_key: str


@strawberry.input
class VoidPointsPaymentInput:
    order_id: str
    idempotency_key: str


def _answer(payment: PaymentRow) -> PointsPaymentPayload:
    return PointsPaymentPayload(payment=PointsPayment.from_model(payment))


@mutation(
    WRITERS,
    "Hold `points` of the member's points for an order while the customer pays; they are "
    "spent by capturePointsPayment, released by voidPointsPayment, or released by the worker "
    "when the authorization expires (see checkoutSettings). Idempotent by key. Errors: "
    "MEMBER_NOT_FOUND, MEMBER_BLOCKED, INSUFFICIENT_POINTS, POINTS_PAYMENT_DISABLED, "
    "BELOW_MINIMUM, NOT_A_STEP, OVER_LIMIT, WRONG_CURRENCY, ALREADY_AUTHORIZED, INVALID_AMOUNT, "
    "IDEMPOTENCY_KEY_REUSED.",
)
async def authorize(info: Info, input: AuthorizePointsPaymentInput) -> PointsPaymentPayload:
    request = service.AuthorizeRequest(
        order_id=input.order_id,
        member_id=parse_id(input.member_id),
        order_amount=input.order_amount.amount,
        currency=input.order_amount.currency.strip().upper(),
        points=input.points,
    )
    nested = Nested.of("orderAmount", MoneyInput)
    try:
        payment = await service.authorize(
            tenant_of(info), request, actor_of(info), input.idempotency_key
        )
    except CheckoutError as error:
        return PointsPaymentPayload(user_errors=user_errors(error, CheckoutUserError, nested))
    return _answer(payment)


@mutation(
    WRITERS,
    "Spend an authorization's points: all of them, or `points` of them (the rest go back to "
    "the member), e.g. when the customer's final bill is smaller. Idempotent by key. Errors: "
    "PAYMENT_NOT_FOUND, INVALID_TRANSITION, AUTHORIZATION_EXPIRED, INVALID_AMOUNT, "
    "IDEMPOTENCY_KEY_REUSED.",
)
async def capture(info: Info, input: CapturePointsPaymentInput) -> PointsPaymentPayload:
    try:
        payment = await service.capture(
            tenant_of(info), input.order_id, input.points, actor_of(info), input.idempotency_key
        )
    except CheckoutError as error:
        return PointsPaymentPayload(user_errors=user_errors(error, CheckoutUserError))
    return _answer(payment)


@mutation(
    WRITERS,
    "Release an authorization's points to the member (the customer paid otherwise, or left). "
    "A captured payment is refunded through refundPurchase instead. Idempotent by key. Errors: "
    "PAYMENT_NOT_FOUND, INVALID_TRANSITION, AUTHORIZATION_EXPIRED, IDEMPOTENCY_KEY_REUSED.",
)
async def void(info: Info, input: VoidPointsPaymentInput) -> PointsPaymentPayload:
    try:
        payment = await service.void(
            tenant_of(info), input.order_id, actor_of(info), input.idempotency_key
        )
    except CheckoutError as error:
        return PointsPaymentPayload(user_errors=user_errors(error, CheckoutUserError))
    return _answer(payment)
