"""Checkout reads: settings, a quote, an order's points payment."""

from __future__ import annotations

import strawberry

from app.checkout import service
from app.checkout.errors import CheckoutError
from schema.checkout.types import CheckoutSettings, PointsPayment, PointsPaymentQuote
from schema.context import Info
from schema.errors import refused
from schema.money import MoneyInput
from schema.permissions import Access, member_named, query, tenant_of
from tenants.roles import ApiScope, StaffRole

READERS = Access(staff=StaffRole.VIEWER, key=ApiScope.POINTS_READ)


@strawberry.type
class CheckoutQueries:
    @query(READERS, "How the merchant takes points at its own checkout.")
    async def checkout_settings(self, info: Info) -> CheckoutSettings:
        return CheckoutSettings.from_model(await service.get_settings(tenant_of(info)))

    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.POINTS_READ, member=True),
        "The most points this member may pay an order of `orderAmount` with (the merchant's "
        "share, minimum and step, and the member's available points), and their value, rounded "
        "down to the minor unit. A member token quotes for itself. Refusals are GraphQL errors "
        "whose code is a CheckoutErrorCode: INVALID_AMOUNT, WRONG_CURRENCY, MEMBER_NOT_FOUND, "
        "MEMBER_BLOCKED.",
    )
    async def quote_points_payment(
        self, info: Info, order_amount: MoneyInput, member_id: strawberry.ID | None = None
    ) -> PointsPaymentQuote:
        tenant_id, member = member_named(info, member_id)
        try:
            quote = await service.quote(
                tenant_id, member, order_amount.amount, order_amount.currency.strip().upper()
            )
        except CheckoutError as error:
            raise refused(error) from error
        return PointsPaymentQuote.from_quote(quote)

    @query(READERS, "An order's points payment; null if it has none.")
    async def points_payment(self, info: Info, order_id: str) -> PointsPayment | None:
        found = await service.payment_of(tenant_of(info), order_id)
        return PointsPayment.from_model(found) if found else None
