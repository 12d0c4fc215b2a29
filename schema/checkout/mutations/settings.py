"""updateCheckoutSettings: how the merchant takes points at its own checkout."""

from __future__ import annotations

import strawberry

from app.checkout import service
from app.checkout.errors import CheckoutError
from schema.checkout.types import CheckoutSettings, CheckoutUserError
from schema.context import Info
from schema.errors import user_errors
from schema.permissions import Access, mutation, tenant_of
from schema.scalars import Points
from tenants.roles import StaffRole


@strawberry.input
class UpdateCheckoutSettingsInput:
    enabled: bool = True
    max_share_bps: int = 5000
    min_points: Points = Points(100)
    step_points: Points = Points(100)
    earn_on_points_part: bool = False
    authorization_seconds: int = 900


@strawberry.type
class CheckoutSettingsPayload:
    settings: CheckoutSettings | None = None
    user_errors: list[CheckoutUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Set how the merchant takes points at its own checkout: the most share of an order points "
    "may pay, the minimum and the step, whether the points-paid part earns points, and how long "
    "an authorization holds. Errors: INVALID_INPUT.",
)
async def resolve(info: Info, input: UpdateCheckoutSettingsInput) -> CheckoutSettingsPayload:
    spec = service.SettingsSpec(**vars(input))
    try:
        saved = await service.update_settings(tenant_of(info), spec)
    except CheckoutError as error:
        return CheckoutSettingsPayload(user_errors=user_errors(error, CheckoutUserError))
    return CheckoutSettingsPayload(settings=CheckoutSettings.from_model(saved))
