"""GraphQL types of settlement."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.settlement import models
from app.settlement.errors import SettlementErrorCode
from app.settlement.service import Statement, batch_lines
from schema.errors import UserError
from schema.ids import parse_id
from schema.money import Money
from schema.tenancy.types import Tenant
from tenants.registry import tenants_by_id

SettlementErrorCodeEnum = strawberry.enum(
    SettlementErrorCode,
    name="SettlementErrorCode",
    description="Why a settlement step was refused.",
)


@strawberry.type(description="A refused settlement step: which field, why, and a message.")
class SettlementUserError(UserError):
    code: Annotated[SettlementErrorCode, SettlementErrorCodeEnum]


@strawberry.type(description="One merchant's net in a batch.")
class SettlementLine:
    id: strawberry.ID
    tenant_id: strawberry.ID
    net: Money = strawberry.field(
        description="Positive: the platform pays the merchant; negative: the merchant pays."
    )
    receivable: Money = strawberry.field(description="What the platform owes the merchant.")
    payable: Money = strawberry.field(description="What the merchant owes the platform.")
    status: str = strawberry.field(description="OPEN or PAID.")
    payment_reference: str | None
    paid_at: datetime | None
    merchant: Tenant | None = strawberry.field(
        default=None,
        description="The merchant, by slug and name (in a batch's lines; null on a statement).",
    )

    @classmethod
    def from_model(
        cls, line: models.SettlementLine, fiat: str, merchant: Tenant | None = None
    ) -> SettlementLine:
        return cls(
            id=strawberry.ID(str(line.id)),
            tenant_id=strawberry.ID(str(line.merchant_id)),
            net=Money.of(line.net_minor, fiat),
            receivable=Money.of(line.receivable_minor, fiat),
            payable=Money.of(line.payable_minor, fiat),
            status=line.status.value,
            payment_reference=line.payment_reference,
            paid_at=line.paid_at,
            merchant=merchant,
        )


@strawberry.type(description="A settlement period's batch: DRAFT, then APPROVED (immutable).")
class SettlementBatch:
    id: strawberry.ID
    until: datetime
    status: str
    obligations_total: Money = strawberry.field(description="Sum of the batch's obligations.")
    platform_net: Money = strawberry.field(
        description="What the platform receives net (the opposite of the merchants' nets)."
    )
    platform_revenue: Money = strawberry.field(
        description="The platform's spreads and rounding on the batch's exchanges."
    )
    created_at: datetime
    approved_at: datetime | None

    @strawberry.field(description="One line per merchant.")
    async def lines(self) -> list[SettlementLine]:
        fiat = self.obligations_total.currency
        lines = await batch_lines(parse_id(self.id))
        merchants = await tenants_by_id({line.merchant_id for line in lines})
        return [
            SettlementLine.from_model(line, fiat, Tenant.from_model(merchants[line.merchant_id]))
            for line in lines
        ]

    @classmethod
    def from_model(cls, batch: models.SettlementBatch) -> SettlementBatch:
        fiat = batch.fiat_currency
        return cls(
            id=strawberry.ID(str(batch.id)),
            until=batch.until,
            status=batch.status.value,
            obligations_total=Money.of(batch.obligations_total, fiat),
            platform_net=Money.of(batch.platform_net, fiat),
            platform_revenue=Money.of(batch.spread_minor, fiat),
            created_at=batch.created_at,
            approved_at=batch.approved_at,
        )


@strawberry.type(description="What one kind of obligation adds up to on a statement.")
class StatementKind:
    kind: str = strawberry.field(description="EXCHANGE_OUT (owed) or EXCHANGE_IN (receivable).")
    amount: Money
    count: int


@strawberry.type(description="A merchant's statement: its line in one batch, by kind.")
class SettlementStatement:
    batch_id: strawberry.ID
    until: datetime
    batch_status: str
    line: SettlementLine
    kinds: list[StatementKind]

    @classmethod
    def from_statement(cls, statement: Statement) -> SettlementStatement:
        fiat = statement.batch.fiat_currency
        return cls(
            batch_id=strawberry.ID(str(statement.batch.id)),
            until=statement.batch.until,
            batch_status=statement.batch.status.value,
            line=SettlementLine.from_model(statement.line, fiat),
            kinds=[
                StatementKind(kind=k.kind, amount=Money.of(k.amount_minor, fiat), count=k.count)
                for k in statement.kinds
            ],
        )


@strawberry.type
class SettlementBatchPayload:
    batch: SettlementBatch | None = None
    user_errors: list[SettlementUserError] = strawberry.field(default_factory=list)
