"""updateEarningSettings: the return window and how campaigns stack."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry

from app.earning.errors import EarningError, EarningErrorCode
from app.earning.models import ClawbackPolicy
from app.earning.programme import update_settings
from app.earning.rules import RuleCombination, Stacking
from app.earning.specs import SettingsSpec
from schema.context import Info
from schema.earning.types import (
    ClawbackPolicyEnum,
    EarningSettings,
    EarningUserError,
    RuleCombinationEnum,
    StackingEnum,
)
from schema.errors import user_errors
from schema.permissions import Access, mutation, staff_of, tenant_of
from schema.scalars import Points
from tenants.clock import set_time_zone, zone_of
from tenants.errors import TenancyError
from tenants.roles import StaffRole


@strawberry.input
class UpdateEarningSettingsInput:
    return_window_days: int = strawberry.field(
        description="0-365; purchase points stay pending this long (0: spendable at once)."
    )
    stacking: Annotated[Stacking, StackingEnum]
    time_zone: str | None = strawberry.field(
        default=None,
        description="The merchant's time zone: an owner may still set it here; null keeps it.",
        deprecation_reason="The time zone is the merchant's (Tenant.timeZone): set it with "
        "updateTenant.",
    )
    clawback_policy: Annotated[ClawbackPolicy, ClawbackPolicyEnum] = strawberry.field(
        default=ClawbackPolicy.WRITE_OFF,
        description="WRITE_OFF: spent points a refund cannot take back are the merchant's loss; "
        "REPAY_FIRST: the member owes them, and later earnings repay them first.",
    )
    daily_points_cap: Points | None = strawberry.field(
        default=None, description="Most points one member may earn from non-purchase rules a day."
    )
    purchase_rules: Annotated[RuleCombination, RuleCombinationEnum] | None = strawberry.field(
        default=None,
        description="ALL: purchase rules live at once add up; BEST: only the one earning the "
        "purchase most points pays. Null keeps it.",
    )


@strawberry.type
class UpdateEarningSettingsPayload:
    settings: EarningSettings | None = None
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Set the return window and campaign stacking.",
)
async def resolve(info: Info, input: UpdateEarningSettingsInput) -> UpdateEarningSettingsPayload:
    tenant_id = tenant_of(info)
    try:
        if input.time_zone is not None:
            await _time_zone(info, tenant_id, input.time_zone)
        spec = SettingsSpec(
            input.return_window_days,
            input.stacking,
            input.daily_points_cap,
            input.clawback_policy,
            input.purchase_rules,
        )
        settings = await update_settings(tenant_id, spec)
    except EarningError as error:
        return UpdateEarningSettingsPayload(user_errors=user_errors(error, EarningUserError))
    zone = await zone_of(tenant_id)
    return UpdateEarningSettingsPayload(settings=EarningSettings.from_model(settings, zone))


async def _time_zone(info: Info, tenant_id: UUID, name: str) -> None:
    """The deprecated `timeZone`: the tenant's, which only an owner changes."""
    if name.strip() == str(await zone_of(tenant_id)):
        return
    if not staff_of(info).role.at_least(StaffRole.OWNER):
        raise EarningError(
            EarningErrorCode.INVALID_INPUT,
            "Only an owner changes the merchant's time zone (updateTenant).",
            "timeZone",
        )
    try:
        await set_time_zone(tenant_id, name)
    except TenancyError as error:
        raise EarningError(EarningErrorCode.INVALID_INPUT, error.message, "timeZone") from error
