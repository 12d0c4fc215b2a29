"""adjustStock: add or remove units of a reward."""

from __future__ import annotations

import strawberry

from app.catalog import service
from app.catalog.errors import CatalogError
from app.core.idempotency import OptionalKey
from schema.catalog.types import (
    RewardPayload,
    reward_payload,
    reward_refused,
)
from schema.context import Info
from schema.ids import parse_id
from schema.permissions import Access, actor_of, mutation, tenant_of
from tenants.roles import StaffRole


@strawberry.input
class AdjustStockInput:
    reward_id: strawberry.ID
    delta: int = strawberry.field(description="Units to add (negative to remove).")
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Recommended: a retry with the same key changes nothing more and answers "
        "as the first call did (1-200 printable characters; required in a later version).",
    )


@mutation(
    Access(staff=StaffRole.STAFF),
    "Add or remove units. Idempotent by idempotencyKey. Errors: STOCK_BELOW_ZERO, "
    "REWARD_NOT_FOUND, IDEMPOTENCY_KEY_REUSED.",
)
async def resolve(info: Info, input: AdjustStockInput) -> RewardPayload:
    tenant_id = tenant_of(info)
    try:
        return reward_payload(
            await service.adjust_stock(
                tenant_id,
                parse_id(input.reward_id),
                input.delta,
                OptionalKey(input.idempotency_key, actor_of(info)),
            )
        )
    except CatalogError as error:
        return reward_refused(error)
