"""updateReward: replace a reward's details."""

from __future__ import annotations

import strawberry

from app.catalog import service
from app.catalog.errors import CatalogError
from schema.catalog.types import (
    RewardInput,
    RewardPayload,
    reward_payload,
    reward_refused,
)
from schema.context import Info
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from tenants.roles import StaffRole


@strawberry.input
class UpdateRewardInput:
    reward_id: strawberry.ID
    reward: RewardInput


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Replace a reward's details; stock changes go through adjustStock. Errors: "
    "REWARD_NOT_FOUND, INVALID_INPUT.",
)
async def resolve(info: Info, input: UpdateRewardInput) -> RewardPayload:
    tenant_id = tenant_of(info)
    try:
        return reward_payload(
            await service.update_reward(
                tenant_id, parse_id(input.reward_id), input.reward.to_spec()
            )
        )
    except CatalogError as error:
        return reward_refused(error)
