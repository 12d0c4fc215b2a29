"""createCampaign / updateCampaign / endCampaign."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.earning.errors import EarningError
from app.earning.models import Campaign as CampaignModel
from app.earning.programme import create_campaign, end_campaign, update_campaign
from app.earning.rules import CampaignKind
from app.earning.specs import CampaignSpec
from schema.context import Info
from schema.earning.types import Campaign, CampaignKindEnum, EarningUserError
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import require_staff
from schema.scalars import Points
from tenants.roles import StaffRole


@strawberry.input(description='A multiplier ("2" doubles points) or a fixed bonus, for a time.')
class CampaignInput:
    name: str
    kind: Annotated[CampaignKind, CampaignKindEnum]
    starts_at: datetime
    ends_at: datetime
    multiplier: str = strawberry.field(default="1", description="MULTIPLIER: an exact decimal > 1.")
    bonus_points: Points = strawberry.field(
        default=Points(0), description="BONUS: points per purchase."
    )
    categories: list[str] = strawberry.field(
        default_factory=list, description="Only these categories."
    )
    tags: list[str] = strawberry.field(
        default_factory=list, description="Only items with these tags."
    )
    tier_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Only members in these tiers."
    )
    budget_points: Points | None = strawberry.field(
        default=None, description="Total points it may give."
    )
    per_member_cap: Points | None = strawberry.field(
        default=None, description="Points it may give one member over its life."
    )

    def to_spec(self) -> CampaignSpec:
        return CampaignSpec(
            name=self.name,
            kind=self.kind,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            multiplier=self.multiplier,
            bonus_points=self.bonus_points,
            categories=self.categories,
            tags=self.tags,
            tier_ids=[parse_id(tier) for tier in self.tier_ids],
            budget_points=self.budget_points,
            per_member_cap=self.per_member_cap,
        )


@strawberry.input
class CreateCampaignInput:
    campaign: CampaignInput


@strawberry.input
class UpdateCampaignInput:
    campaign_id: strawberry.ID
    campaign: CampaignInput


@strawberry.input
class EndCampaignInput:
    campaign_id: strawberry.ID


@strawberry.type
class CampaignPayload:
    campaign: Campaign | None = None
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


def _payload(campaign: CampaignModel) -> CampaignPayload:
    return CampaignPayload(campaign=Campaign.from_model(campaign))


async def create(info: Info, input: CreateCampaignInput) -> CampaignPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        return _payload(await create_campaign(tenant_id, input.campaign.to_spec()))
    except EarningError as error:
        return CampaignPayload(user_errors=user_errors(error, EarningUserError))


async def update(info: Info, input: UpdateCampaignInput) -> CampaignPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        spec = input.campaign.to_spec()
        return _payload(await update_campaign(tenant_id, parse_id(input.campaign_id), spec))
    except EarningError as error:
        return CampaignPayload(user_errors=user_errors(error, EarningUserError))


async def end(info: Info, input: EndCampaignInput) -> CampaignPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        return _payload(await end_campaign(tenant_id, parse_id(input.campaign_id)))
    except EarningError as error:
        return CampaignPayload(user_errors=user_errors(error, EarningUserError))
