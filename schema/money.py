"""Money as the API speaks it: integer minor units with the currency's code, never a float."""

from __future__ import annotations

import strawberry

from schema.scalars import MinorUnits


@strawberry.type(description="An amount of money in minor units.")
class Money:
    amount: MinorUnits
    currency: str

    @classmethod
    def of(cls, amount: int, currency: str) -> Money:
        return cls(amount=MinorUnits(amount), currency=currency)


@strawberry.input(description='Money in minor units: {amount: 1999, currency: "CNY"} is 19.99 CNY.')
class MoneyInput:
    amount: MinorUnits
    currency: str
