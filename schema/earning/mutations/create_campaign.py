"""createCampaign: a time-boxed multiplier or bonus."""

from __future__ import annotations

import strawberry

from app.earning.errors import EarningError
from app.earning.programme import create_campaign
from schema.context import Info
from schema.earning.types import (
    CampaignInput,
    CampaignPayload,
    EarningUserError,
    campaign_payload,
)
from schema.errors import user_errors
from schema.idempotency import create_key_field, keyed
from schema.permissions import Access, mutation, tenant_of
from tenants.roles import StaffRole


@strawberry.input
class CreateCampaignInput:
    campaign: CampaignInput
    idempotency_key: str | None = create_key_field()


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Add a time-boxed multiplier or bonus.",
)
async def resolve(info: Info, input: CreateCampaignInput) -> CampaignPayload:
    tenant_id = tenant_of(info)
    try:
        made = await create_campaign(
            tenant_id, input.campaign.to_spec(), keyed(info, input.idempotency_key)
        )
        return campaign_payload(made)
    except EarningError as error:
        return CampaignPayload(user_errors=user_errors(error, EarningUserError))
