"""The mall's rewards, as members and staff see them."""

from __future__ import annotations

import strawberry

from app.catalog import service
from schema.catalog.types import Reward
from schema.context import Info
from schema.ids import parse_id
from schema.pagination import Connection, connection, entry_connection, page_request
from schema.permissions import Access, query, tenant_of
from tenants.principals import MemberPrincipal
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class RewardFilter:
    category: str | None = None
    tag: str | None = None
    tier_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only rewards a member of this tier may redeem."
    )
    search: str | None = strawberry.field(default=None, description="In name and description.")
    affordable: bool = strawberry.field(
        default=False, description="Members: only what their points cover now."
    )


@strawberry.type
class CatalogQueries:
    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.MEMBERS_READ, member=True),
        "Rewards, oldest first. A member token sees ACTIVE rewards with `canRedeem` and `blocker`; "
        "staff and API keys see all. `first` at most 100.",
    )
    async def rewards(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: RewardFilter | None = None,
    ) -> Connection[Reward]:
        only = _filter(filter)
        page = page_request(first, after, last, before)
        principal = info.context.principal
        if isinstance(principal, MemberPrincipal):
            listings = await service.rewards_for_member(
                principal.tenant_id, principal.member_id, only, page
            )
            return entry_connection(
                listings,
                lambda item: Reward.from_model(item.reward, item.reason, True, item.price_points),
                lambda item: item.reward.id,
            )
        tenant_id = tenant_of(info)
        rewards = await service.list_rewards(tenant_id, only, page, include_hidden=True)
        return connection(rewards, Reward.from_model)

    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.MEMBERS_READ, member=True),
        "One reward by id; null when unknown.",
    )
    async def reward(self, info: Info, id: strawberry.ID) -> Reward | None:
        principal = info.context.principal
        tenant_id = (
            principal.tenant_id if isinstance(principal, MemberPrincipal) else tenant_of(info)
        )
        reward = await service.get_reward(tenant_id, parse_id(id))
        hidden = (
            reward is not None
            and isinstance(principal, MemberPrincipal)
            and reward.status.value != "ACTIVE"
        )
        return Reward.from_model(reward) if reward and not hidden else None


def _filter(given: RewardFilter | None) -> service.RewardFilter:
    if given is None:
        return service.RewardFilter()
    return service.RewardFilter(
        category=given.category,
        tag=given.tag,
        search=given.search,
        affordable=given.affordable,
        tier_id=parse_id(given.tier_id) if given.tier_id is not None else None,
    )
