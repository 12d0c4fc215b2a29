"""endCampaign: end a campaign now."""

from __future__ import annotations

import strawberry

from app.earning.errors import EarningError
from app.earning.programme import end_campaign
from schema.context import Info
from schema.earning.types import (
    CampaignPayload,
    EarningUserError,
    campaign_payload,
)
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from tenants.roles import StaffRole


@strawberry.input
class EndCampaignInput:
    campaign_id: strawberry.ID


@mutation(
    Access(staff=StaffRole.ADMIN),
    "End a campaign now.",
)
async def resolve(info: Info, input: EndCampaignInput) -> CampaignPayload:
    tenant_id = tenant_of(info)
    try:
        return campaign_payload(await end_campaign(tenant_id, parse_id(input.campaign_id)))
    except EarningError as error:
        return CampaignPayload(user_errors=user_errors(error, EarningUserError))
