"""The per-request context every resolver receives, with the request's data loaders (they
batch what a list's items would otherwise each look up, and live as long as the request)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID

import strawberry
from strawberry.dataloader import DataLoader

from app.catalog.service import reward_names
from app.core.settings import Settings
from tenants.principals import Principal
from tenants.throttle import LoginThrottle
from tenants.tokens import TokenIssuer

RewardKey = tuple[UUID, UUID]  # (tenant, reward)


async def _load_reward_names(keys: list[RewardKey]) -> list[str | None]:
    by_tenant: dict[UUID, set[UUID]] = defaultdict(set)
    for tenant_id, reward_id in keys:
        by_tenant[tenant_id].add(reward_id)
    names: dict[RewardKey, str] = {}
    for tenant_id, reward_ids in by_tenant.items():
        for reward_id, name in (await reward_names(tenant_id, reward_ids)).items():
            names[tenant_id, reward_id] = name
    return [names.get(key) for key in keys]


def _reward_name_loader() -> DataLoader[RewardKey, str | None]:
    return DataLoader(load_fn=_load_reward_names)


@dataclass
class Context:
    principal: Principal
    settings: Settings
    tokens: TokenIssuer
    request_id: str
    client_address: str
    throttle: LoginThrottle
    reward_names: DataLoader[RewardKey, str | None] = field(default_factory=_reward_name_loader)


Info = strawberry.Info[Context, None]
