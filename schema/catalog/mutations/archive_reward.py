"""archiveReward: take a reward out of the mall."""

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
class RewardIdInput:
    reward_id: strawberry.ID


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Take a reward out of the mall.",
)
async def resolve(info: Info, input: RewardIdInput) -> RewardPayload:
    tenant_id = tenant_of(info)
    try:
        return reward_payload(await service.archive_reward(tenant_id, parse_id(input.reward_id)))
    except CatalogError as error:
        return reward_refused(error)
