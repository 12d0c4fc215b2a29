"""Checkout use cases: settings, quote, authorize, capture, void, expiry and refunds.

An authorization is a ledger hold on the member's points (so two checkouts racing on one wallet
can never hold more than it has: the ledger checks under the wallet's lock), kept a little
longer than the authorization itself so that the worker, not the ledger's own hold expiry,
ends it and reports it. Capture posts the hold (all of it or less: the rest goes back to the
member); a refund of the order returns the captured points in proportion, by the merchant's
restore rule (`ReturnPoints` on the posted hold).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from app.checkout.conversion import proportional, share_of
from app.checkout.errors import CheckoutError, CheckoutErrorCode
from app.checkout.models import CheckoutSettings, PaymentStatus, PointsPayment
from app.core.clock import utcnow
from app.core.db import tenant_scope, with_retries
from app.core.idempotency import KeyedRequest, applied_once, request_hash
from app.core.jobqueue import enqueue
from app.ledger.accounts import MAX_AMOUNT
from app.ledger.commands import Hold, PostHold, ReturnPoints, VoidHold
from app.ledger.errors import LedgerError, LedgerErrorCode, into_domain
from app.ledger.models import Currency
from app.ledger.reads import wallet_of
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from app.ledger.valuation import Worth, consumed_value, member_worth
from app.members.models import Member, MemberStatus
from app.webhooks.events import emit

# The ledger's hold outlives the authorization by this much, so the expiry job ends it first.
HOLD_GRACE_SECONDS = 3600
MAX_ORDER_ID = 128
SYSTEM_ACTOR = "system:checkout"
ENDED_HOLD = frozenset({LedgerErrorCode.HOLD_EXPIRED, LedgerErrorCode.HOLD_RESOLVED})


@dataclass(frozen=True)
class SettingsSpec:
    enabled: bool
    max_share_bps: int
    min_points: int
    step_points: int
    earn_on_points_part: bool
    authorization_seconds: int


class QuoteBlocker(StrEnum):
    DISABLED = "DISABLED"
    INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS"
    ORDER_TOO_SMALL = "ORDER_TOO_SMALL"


@dataclass(frozen=True)
class Quote:
    max_points: int
    max_value: int
    available: int
    currency: str
    step_points: int
    min_points: int
    # Why no points can pay this order.
    blocker: QuoteBlocker | None


@dataclass(frozen=True)
class AuthorizeRequest:
    order_id: str
    member_id: UUID
    order_amount: int
    currency: str
    points: int


async def get_settings(tenant_id: UUID) -> CheckoutSettings:
    """The merchant's settings, or the defaults (50% of an order, 100 at least, in steps of
    100, the points part earns nothing, 15 minutes to capture) if never set. Writes nothing."""
    async with tenant_scope(tenant_id):
        return await _settings(tenant_id)


async def update_settings(tenant_id: UUID, spec: SettingsSpec) -> CheckoutSettings:
    _check_settings(spec)
    async with tenant_scope(tenant_id):
        settings, _ = await CheckoutSettings.update_or_create(
            defaults=vars(spec), tenant_id=tenant_id
        )
        return settings


async def quote(tenant_id: UUID, member_id: UUID, amount: int, currency: str) -> Quote:
    """The most points this member may pay this order with, and what they are worth."""
    _check_amount(amount)
    async with tenant_scope(tenant_id):
        member = await _member(member_id)
        settings = await _settings(tenant_id)
        await _check_currency(tenant_id, currency)
    available = (await wallet_of(tenant_id, member.id)).available
    worth = await member_worth(tenant_id, member.id)
    most, blocker = _usable(settings, worth, amount, available)
    return Quote(
        most, worth.value_of(most), available, currency, settings.step_points,
        settings.min_points, blocker,
    )  # fmt: skip


async def authorize(
    tenant_id: UUID, request: AuthorizeRequest, actor: str, idempotency_key: str
) -> PointsPayment:
    """Hold the points part of an order until it is captured, voided or expires."""
    _check_authorization(request)
    keyed = KeyedRequest(
        tenant_id, actor, idempotency_key, request_hash("authorize_points", vars(request))
    )

    async def effect(connection: BaseDBAsyncClient) -> dict[str, Any]:
        payment = await _authorize(connection, tenant_id, request, actor)
        return {"payment_id": str(payment.id)}

    return await _once(tenant_id, keyed, effect)


async def capture(
    tenant_id: UUID, order_id: str, points: int | None, actor: str, idempotency_key: str
) -> PointsPayment:
    """Spend the held points, all of them or `points` of them (the rest go back)."""
    keyed = KeyedRequest(
        tenant_id, actor, idempotency_key,
        request_hash("capture_points", {"order_id": order_id, "points": points}),
    )  # fmt: skip

    async def effect(_: BaseDBAsyncClient) -> dict[str, Any]:
        payment = await _open_payment(tenant_id, order_id)
        amount = payment.authorized_points if points is None else points
        if not 1 <= amount <= payment.authorized_points:
            raise CheckoutError(
                CheckoutErrorCode.INVALID_AMOUNT,
                f"Capture 1 to {payment.authorized_points} points.",
                "points",
            )
        reason = f"Checkout {order_id}"
        posted = await _ledger(
            tenant_id, PostHold(payment.hold_id, amount, reason), actor, "points"
        )
        payment.spend_id = posted.transfer_id
        payment.captured_points = amount
        payment.captured_value = await consumed_value(tenant_id, posted.transfer_id)
        payment.status = PaymentStatus.CAPTURED
        await payment.save()
        await emit(tenant_id, "points_payment.captured", _event(payment))
        return {"payment_id": str(payment.id)}

    return await _once(tenant_id, keyed, effect)


async def void(tenant_id: UUID, order_id: str, actor: str, idempotency_key: str) -> PointsPayment:
    """Release the held points: the customer paid otherwise, or the order was abandoned."""
    keyed = KeyedRequest(
        tenant_id, actor, idempotency_key, request_hash("void_points", {"order_id": order_id})
    )

    async def effect(_: BaseDBAsyncClient) -> dict[str, Any]:
        payment = await _open_payment(tenant_id, order_id)
        await _ledger(tenant_id, VoidHold(payment.hold_id, f"Checkout {order_id} voided"), actor)
        payment.status = PaymentStatus.VOIDED
        await payment.save()
        await emit(tenant_id, "points_payment.voided", _event(payment))
        return {"payment_id": str(payment.id)}

    return await _once(tenant_id, keyed, effect)


async def payment_of(tenant_id: UUID, order_id: str) -> PointsPayment | None:
    async with tenant_scope(tenant_id):
        return await PointsPayment.get_or_none(order_id=order_id)


async def expire_due_payments(tenant_id: UUID, limit: int = 200) -> int:
    """The worker's job: release authorizations not captured in time; returns how many."""
    async with tenant_scope(tenant_id):
        due = (
            await PointsPayment.select_for_update(skip_locked=True)
            .filter(status=PaymentStatus.AUTHORIZED, expires_at__lte=utcnow())
            .order_by("expires_at")
            .limit(limit)
        )
        for payment in due:
            command = VoidHold(payment.hold_id, f"Checkout {payment.order_id} expired")
            request = JournalRequest(command, SYSTEM_ACTOR, f"expire:{payment.id}")
            try:
                await post_journal(tenant_id, request)
            except LedgerError as refusal:
                # The ledger's own hold expiry got there first: the points are back already.
                if refusal.code not in {
                    LedgerErrorCode.HOLD_EXPIRED,
                    LedgerErrorCode.HOLD_RESOLVED,
                }:
                    raise
            payment.status = PaymentStatus.EXPIRED
            await payment.save(update_fields=["status", "updated_at"])
            await emit(tenant_id, "points_payment.expired", _event(payment))
    return len(due)


async def captured_for(order_id: str) -> PointsPayment | None:
    """The order's captured points payment; call in the tenant's scope (earning uses it)."""
    return await PointsPayment.get_or_none(order_id=order_id, status=PaymentStatus.CAPTURED)


async def earns_on_points_part(tenant_id: UUID) -> bool:
    """Whether the points-paid part of an order earns points; call in the tenant's scope."""
    return (await _settings(tenant_id)).earn_on_points_part


async def return_for_refund(
    tenant_id: UUID, payment: PointsPayment, refunded: int, whole: int, actor: str, key: str
) -> int:
    """After a refund that brings the order's refunded total to `refunded` of `whole` minor
    units, give back the same share of the captured points (cumulative, rounded down: all of
    them once the whole order is refunded); call in the tenant's scope. Returns how many."""
    owed = proportional(payment.captured_points, refunded, whole)
    give: int = owed - payment.returned_points
    if give <= 0:
        return 0
    assert payment.spend_id is not None  # noqa: S101 - a captured payment has its spend
    command = ReturnPoints(payment.spend_id, give, f"Refund of {payment.order_id}")
    await _ledger(tenant_id, command, actor, None, key=f"{key}:points")
    payment.returned_points = owed
    await payment.save(update_fields=["returned_points", "updated_at"])
    await emit(tenant_id, "points_payment.refunded", _event(payment) | {"returned": give})
    return give


async def _authorize(
    connection: BaseDBAsyncClient, tenant_id: UUID, request: AuthorizeRequest, actor: str
) -> PointsPayment:
    member = await _member(request.member_id)
    settings = await _settings(tenant_id)
    await _check_currency(tenant_id, request.currency)
    if await PointsPayment.exists(order_id=request.order_id):
        raise CheckoutError(
            CheckoutErrorCode.ALREADY_AUTHORIZED,
            "This order already has a points payment.",
            "orderId",
        )
    _check_points(settings, await member_worth(tenant_id, member.id), request)
    now = utcnow()
    hold = Hold(
        member.id, request.points, f"Checkout {request.order_id}",
        settings.authorization_seconds + HOLD_GRACE_SECONDS, "CHECKOUT_HOLD",
        {"order_id": request.order_id},
    )  # fmt: skip
    result = await _ledger(tenant_id, hold, actor, "points")
    assert result.transfer_id is not None  # noqa: S101 - a posted hold has a transfer
    payment = await PointsPayment.create(
        tenant_id=tenant_id, order_id=request.order_id, member_id=member.id,
        order_amount=request.order_amount, currency=request.currency,
        authorized_points=request.points, hold_id=result.transfer_id,
        expires_at=now + timedelta(seconds=settings.authorization_seconds),
    )  # fmt: skip
    due = payment.expires_at + timedelta(seconds=1)
    await enqueue(connection, "expire_points_payments", {"tenant_id": str(tenant_id)}, at=due)
    await emit(tenant_id, "points_payment.authorized", _event(payment))
    return payment


def _usable(
    settings: CheckoutSettings, worth: Worth, amount: int, available: int
) -> tuple[int, QuoteBlocker | None]:
    if not settings.enabled:
        return 0, QuoteBlocker.DISABLED
    cap = worth.points_within(share_of(amount, settings.max_share_bps))
    most = min(cap, available) // settings.step_points * settings.step_points
    if most >= max(settings.min_points, 1):
        return most, None
    if available < cap:
        return 0, QuoteBlocker.INSUFFICIENT_POINTS
    return 0, QuoteBlocker.ORDER_TOO_SMALL


def _check_points(settings: CheckoutSettings, worth: Worth, request: AuthorizeRequest) -> None:
    if not settings.enabled:
        raise CheckoutError(
            CheckoutErrorCode.POINTS_PAYMENT_DISABLED,
            "This merchant does not take points at checkout.",
        )
    if request.points < settings.min_points:
        raise CheckoutError(
            CheckoutErrorCode.BELOW_MINIMUM, f"Pay at least {settings.min_points} points.", "points"
        )
    if request.points % settings.step_points:
        raise CheckoutError(
            CheckoutErrorCode.NOT_A_STEP,
            f"Pay points in multiples of {settings.step_points}.",
            "points",
        )
    cap = worth.points_within(share_of(request.order_amount, settings.max_share_bps))
    if request.points > cap:
        raise CheckoutError(
            CheckoutErrorCode.OVER_LIMIT,
            f"Points may pay at most {settings.max_share_bps / 100:g}% of this order:"
            f" {cap} points.",
            "points",
        )


async def _open_payment(tenant_id: UUID, order_id: str) -> PointsPayment:
    """The order's payment, locked, while it may still be captured or voided."""
    payment = await PointsPayment.select_for_update().get_or_none(order_id=order_id)
    if payment is None:
        raise CheckoutError(
            CheckoutErrorCode.PAYMENT_NOT_FOUND, "No points payment for this order.", "orderId"
        )
    if payment.status is not PaymentStatus.AUTHORIZED:
        raise CheckoutError(
            CheckoutErrorCode.INVALID_TRANSITION,
            f"The points payment is {payment.status.value}.",
            "orderId",
        )
    if utcnow() >= payment.expires_at:
        raise CheckoutError(
            CheckoutErrorCode.AUTHORIZATION_EXPIRED,
            "The authorization expired; authorize again.",
            "orderId",
        )
    return payment


async def _once(
    tenant_id: UUID,
    keyed: KeyedRequest,
    effect: Any,
) -> PointsPayment:
    async def attempt() -> PointsPayment:
        async with tenant_scope(tenant_id) as connection:

            async def run() -> dict[str, Any]:
                answer: dict[str, Any] = await effect(connection)
                return answer

            applied = await applied_once(connection, keyed, run, CheckoutError)
            return await PointsPayment.get(id=UUID(applied.response["payment_id"]))

    return await with_retries(attempt, idempotent=True)


async def _ledger(
    tenant_id: UUID, command: Any, actor: str, field: str | None = None, key: str | None = None
) -> Any:
    try:
        return await post_journal(tenant_id, JournalRequest(command, actor, key))
    except LedgerError as refusal:
        raise into_domain(refusal, CheckoutError, field) from refusal


async def _settings(tenant_id: UUID) -> CheckoutSettings:
    found = await CheckoutSettings.get_or_none(tenant_id=tenant_id)
    return found if found is not None else CheckoutSettings(tenant_id=tenant_id)


async def _check_currency(tenant_id: UUID, currency: str) -> None:
    books = await Currency.get(tenant_id=tenant_id)
    if currency != books.fiat_currency:
        raise CheckoutError(
            CheckoutErrorCode.WRONG_CURRENCY,
            f"This merchant's orders are in {books.fiat_currency}.",
            "orderAmount.currency",
        )


async def _member(member_id: UUID) -> Member:
    member = await Member.get_or_none(id=member_id)
    if member is None:
        raise CheckoutError(CheckoutErrorCode.MEMBER_NOT_FOUND, "No such member.", "memberId")
    if member.status is MemberStatus.BLOCKED:
        raise CheckoutError(CheckoutErrorCode.MEMBER_BLOCKED, "The member is blocked.", "memberId")
    return member


def _event(payment: PointsPayment) -> dict[str, Any]:
    return {
        "order_id": payment.order_id,
        "member_id": str(payment.member_id),
        "status": payment.status.value,
        "authorized_points": payment.authorized_points,
        "captured_points": payment.captured_points,
        "captured_value": {"amount": payment.captured_value, "currency": payment.currency},
        "returned_points": payment.returned_points,
    }


def _check_amount(amount: int) -> None:
    if not 1 <= amount <= MAX_AMOUNT:
        raise CheckoutError(
            CheckoutErrorCode.INVALID_AMOUNT,
            f"The order amount must be 1 to {MAX_AMOUNT} minor units.",
            "orderAmount.amount",
        )


def _check_authorization(request: AuthorizeRequest) -> None:
    if not 1 <= len(request.order_id) <= MAX_ORDER_ID:
        raise CheckoutError(
            CheckoutErrorCode.INVALID_INPUT, "orderId must be 1-128 characters.", "orderId"
        )
    _check_amount(request.order_amount)
    if not 1 <= request.points <= MAX_AMOUNT:
        raise CheckoutError(
            CheckoutErrorCode.INVALID_AMOUNT, f"Points must be 1 to {MAX_AMOUNT}.", "points"
        )


def _check_settings(spec: SettingsSpec) -> None:
    checks = [
        (1 <= spec.max_share_bps <= 10_000, "maxShareBps", "1 to 10000 (100%)"),
        (0 <= spec.min_points <= MAX_AMOUNT, "minPoints", f"0 to {MAX_AMOUNT}"),
        (1 <= spec.step_points <= 1_000_000, "stepPoints", "1 to 1000000"),
        (60 <= spec.authorization_seconds <= 7 * 86_400, "authorizationSeconds", "60 to 604800"),
    ]
    for ok, field, bounds in checks:
        if not ok:
            raise CheckoutError(
                CheckoutErrorCode.INVALID_INPUT, f"{field} must be {bounds}.", field
            )
