"""The purchase input shared by recordPurchase and previewEarn."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.earning import rules
from app.earning.pricing import PurchaseRequest
from schema.ids import parse_id
from schema.scalars import MinorUnits


@strawberry.input(description='Money in minor units: {amount: 1999, currency: "CNY"} is 19.99 CNY.')
class MoneyInput:
    amount: MinorUnits
    currency: str


@strawberry.input
class PurchaseItemInput:
    sku: str
    category: str | None = None
    tags: list[str] = strawberry.field(default_factory=list)
    unit_price: MinorUnits = strawberry.field(description="Minor units, in the order's currency.")
    quantity: int = 1


@strawberry.input(description="Name the member by `memberId` or by `externalMemberId`.")
class PurchaseInput:
    order_id: str = strawberry.field(
        description="The merchant's order id; recording is idempotent by it."
    )
    amount: MoneyInput = strawberry.field(description="What the customer paid, after discounts.")
    member_id: strawberry.ID | None = None
    external_member_id: str | None = None
    items: list[PurchaseItemInput] = strawberry.field(default_factory=list)
    occurred_at: datetime | None = strawberry.field(default=None, description="Defaults to now.")

    def to_request(self, now: datetime) -> PurchaseRequest:
        return PurchaseRequest(
            member_id=parse_id(self.member_id) if self.member_id is not None else None,
            external_member_id=self.external_member_id,
            order_id=self.order_id.strip(),
            amount=self.amount.amount,
            currency=self.amount.currency.strip().upper(),
            items=tuple(
                rules.Item(i.sku, i.category, frozenset(i.tags), i.unit_price, i.quantity)
                for i in self.items
            ),
            occurred_at=self.occurred_at or now,
        )
