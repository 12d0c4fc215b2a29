"""updateCampaign: replace a campaign's settings."""

from __future__ import annotations

import strawberry

from app.earning.errors import EarningError
from app.earning.programme import update_campaign
from schema.context import Info
from schema.earning.types import (
    CampaignInput,
    CampaignPayload,
    EarningUserError,
    campaign_payload,
)
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from tenants.roles import StaffRole


@strawberry.input
class UpdateCampaignInput:
    campaign_id: strawberry.ID
    campaign: CampaignInput


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Replace a campaign's settings.",
)
async def resolve(info: Info, input: UpdateCampaignInput) -> CampaignPayload:
    tenant_id = tenant_of(info)
    try:
        spec = input.campaign.to_spec()
        return campaign_payload(await update_campaign(tenant_id, parse_id(input.campaign_id), spec))
    except EarningError as error:
        return CampaignPayload(user_errors=user_errors(error, EarningUserError))
