"""Checkout points payments in the API: settings, quotes, payments, refusals."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.checkout import service
from app.checkout.errors import CheckoutErrorCode
from app.checkout.models import CheckoutSettings as SettingsRow
from app.checkout.models import PaymentStatus
from app.checkout.models import PointsPayment as PaymentRow
from schema.errors import UserError
from schema.money import Money
from schema.scalars import Points

CheckoutErrorCodeEnum = strawberry.enum(
    CheckoutErrorCode,
    name="CheckoutErrorCode",
    description="Why a checkout points-payment step was refused.",
)
QuoteBlockerEnum = strawberry.enum(
    service.QuoteBlocker,
    name="PointsPaymentBlocker",
    description="Why points cannot pay an order (its quote's `maxPoints` is 0).",
)
PaymentStatusEnum = strawberry.enum(
    PaymentStatus,
    name="PointsPaymentStatus",
    description="Where an order's points payment stands.",
)


@strawberry.type(description="A refused checkout step: which field, why, and a message.")
class CheckoutUserError(UserError):
    code: Annotated[CheckoutErrorCode, CheckoutErrorCodeEnum]


@strawberry.type(description="How the merchant takes points at its own checkout (积分抵扣).")
class CheckoutSettings:
    enabled: bool
    max_share_bps: int
    min_points: Points
    step_points: Points
    earn_on_points_part: bool
    authorization_seconds: int

    @classmethod
    def from_model(cls, row: SettingsRow) -> CheckoutSettings:
        return cls(
            enabled=row.enabled,
            max_share_bps=row.max_share_bps,
            min_points=Points(row.min_points),
            step_points=Points(row.step_points),
            earn_on_points_part=row.earn_on_points_part,
            authorization_seconds=row.authorization_seconds,
        )


@strawberry.type(description="The most points a member may pay an order with, and their value.")
class PointsPaymentQuote:
    max_points: Points
    max_value: Money
    available: Points
    step_points: Points
    min_points: Points
    blocker: Annotated[service.QuoteBlocker, QuoteBlockerEnum] | None

    @classmethod
    def from_quote(cls, quote: service.Quote) -> PointsPaymentQuote:
        return cls(
            max_points=Points(quote.max_points),
            max_value=Money.of(quote.max_value, quote.currency),
            available=Points(quote.available),
            step_points=Points(quote.step_points),
            min_points=Points(quote.min_points),
            blocker=quote.blocker,
        )


@strawberry.type(description="The points part of one of the merchant's orders.")
class PointsPayment:
    id: strawberry.ID
    order_id: str
    member_id: strawberry.ID
    order_amount: Money
    status: Annotated[PaymentStatus, PaymentStatusEnum]
    authorized_points: Points
    captured_points: Points
    captured_value: Money
    returned_points: Points
    expires_at: datetime
    created_at: datetime

    @classmethod
    def from_model(cls, row: PaymentRow) -> PointsPayment:
        return cls(
            id=strawberry.ID(str(row.id)),
            order_id=row.order_id,
            member_id=strawberry.ID(str(row.member_id)),
            order_amount=Money.of(row.order_amount, row.currency),
            status=row.status,
            authorized_points=Points(row.authorized_points),
            captured_points=Points(row.captured_points),
            captured_value=Money.of(row.captured_value, row.currency),
            returned_points=Points(row.returned_points),
            expires_at=row.expires_at,
            created_at=row.created_at,
        )


@strawberry.type
class PointsPaymentPayload:
    payment: PointsPayment | None = None
    user_errors: list[CheckoutUserError] = strawberry.field(default_factory=list)
