"""adjustStock: add or remove units of a reward."""

from __future__ import annotations

import strawberry

from app.catalog import service
from app.catalog.errors import CatalogError
from schema.catalog.types import (
    RewardPayload,
    reward_payload,
    reward_refused,
)
from schema.context import Info
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from tenants.roles import StaffRole


@strawberry.input
class AdjustStockInput:
    reward_id: strawberry.ID
    delta: int = strawberry.field(description="Units to add (negative to remove).")


@mutation(
    Access(staff=StaffRole.STAFF),
    "Add or remove units. Errors: STOCK_BELOW_ZERO, REWARD_NOT_FOUND.",
)
async def resolve(info: Info, input: AdjustStockInput) -> RewardPayload:
    tenant_id = tenant_of(info)
    try:
        return reward_payload(
            await service.adjust_stock(tenant_id, parse_id(input.reward_id), input.delta)
        )
    except CatalogError as error:
        return reward_refused(error)
