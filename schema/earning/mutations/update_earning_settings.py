"""updateEarningSettings: the return window and how campaigns stack."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.earning.errors import EarningError
from app.earning.models import ClawbackPolicy
from app.earning.programme import update_settings
from app.earning.rules import Stacking
from app.earning.specs import SettingsSpec
from schema.context import Info
from schema.earning.types import (
    ClawbackPolicyEnum,
    EarningSettings,
    EarningUserError,
    StackingEnum,
)
from schema.errors import user_errors
from schema.permissions import Access, mutation, tenant_of
from schema.scalars import Points
from tenants.roles import StaffRole


@strawberry.input
class UpdateEarningSettingsInput:
    return_window_days: int = strawberry.field(
        description="0-365; purchase points stay pending this long (0: spendable at once)."
    )
    stacking: Annotated[Stacking, StackingEnum]
    time_zone: str = strawberry.field(
        default="Asia/Shanghai", description="IANA name; days (check-ins, caps) count in it."
    )
    clawback_policy: Annotated[ClawbackPolicy, ClawbackPolicyEnum] = strawberry.field(
        default=ClawbackPolicy.WRITE_OFF,
        description="WRITE_OFF: spent points a refund cannot take back are the merchant's loss; "
        "REPAY_FIRST: the member owes them, and later earnings repay them first.",
    )
    daily_points_cap: Points | None = strawberry.field(
        default=None, description="Most points one member may earn from non-purchase rules a day."
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
        spec = SettingsSpec(
            input.return_window_days,
            input.stacking,
            input.time_zone.strip(),
            input.daily_points_cap,
            input.clawback_policy,
        )
        settings = await update_settings(tenant_id, spec)
    except EarningError as error:
        return UpdateEarningSettingsPayload(user_errors=user_errors(error, EarningUserError))
    return UpdateEarningSettingsPayload(settings=EarningSettings.from_model(settings))
