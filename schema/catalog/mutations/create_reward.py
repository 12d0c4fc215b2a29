"""createReward: add a reward to the mall."""

from __future__ import annotations

from app.catalog import service
from app.catalog.errors import CatalogError
from schema.catalog.types import (
    RewardInput,
    RewardPayload,
    reward_payload,
    reward_refused,
)
from schema.context import Info
from schema.idempotency import CreateKeyArgument, keyed
from schema.permissions import Access, mutation, tenant_of
from tenants.roles import StaffRole


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Add a reward (ACTIVE unless `draft`). Errors: INVALID_INPUT, IDEMPOTENCY_KEY_REUSED.",
)
async def resolve(
    info: Info, input: RewardInput, idempotency_key: CreateKeyArgument = None
) -> RewardPayload:
    tenant_id = tenant_of(info)
    try:
        made = await service.create_reward(tenant_id, input.to_spec(), keyed(info, idempotency_key))
        return reward_payload(made)
    except CatalogError as error:
        return reward_refused(error)
