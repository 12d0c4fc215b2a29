"""updateTenant: the owner changes the merchant's own settings: its name, locale, time zone,
the mall's branding, and its points' display name."""

from __future__ import annotations

import strawberry

from app.core.db import tenant_scope
from app.ledger.errors import LedgerError
from app.ledger.service import currency_name, rename_currency
from schema.context import Info
from schema.errors import user_errors
from schema.permissions import Access, mutation, staff_of
from schema.tenancy.types import TenancyUserError, Tenant
from tenants.errors import TenancyError, TenancyErrorCode
from tenants.profile import TenantChanges, checked, update_tenant
from tenants.roles import StaffRole


@strawberry.input
class UpdateTenantInput:
    name: str | None = strawberry.field(
        default=None, description="The merchant's name, 1-200 characters. Null keeps it."
    )
    locale: str | None = strawberry.field(
        default=None,
        description="The merchant's locale (zh-CN, en-US, en...): the language of its member "
        "mall, and the region phone numbers without a +country code are read in. Null keeps it.",
    )
    time_zone: str | None = strawberry.field(
        default=None,
        description="The IANA time zone the merchant's days count in, e.g. America/New_York; "
        "applies from now on (days already counted stay as they were). Null keeps it.",
    )
    logo_url: str | None = strawberry.field(
        default=None,
        description="The mall's logo, an https:// URL; empty removes it, null keeps it.",
    )
    primary_color: str | None = strawberry.field(
        default=None,
        description="The mall's main colour, #rrggbb; empty restores the default, null keeps it.",
    )
    accent_color: str | None = strawberry.field(
        default=None,
        description="The mall's second colour, #rrggbb; empty restores the default, null keeps it.",
    )
    currency_name: str | None = strawberry.field(
        default=None,
        description="The points' display name (咖啡豆), 1-100 characters; the code, value and "
        "balances stay. Null keeps it.",
    )


@strawberry.type
class UpdateTenantPayload:
    tenant: Tenant | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.OWNER),
    "Change the merchant's own settings: its name, locale, time zone (which check-ins, daily "
    "limits and caps, leaderboard weeks and months, yearly clearing and analytics count days "
    "in), the mall's branding (logo, colours) and its points' display name. Every field is "
    "checked before any changes. Errors: INVALID_INPUT.",
)
async def resolve(info: Info, input: UpdateTenantInput) -> UpdateTenantPayload:
    tenant_id = staff_of(info).tenant_id
    changes = TenantChanges(
        input.name, input.locale, input.time_zone, input.logo_url, input.primary_color,
        input.accent_color,
    )  # fmt: skip
    try:
        checked(changes)
        if input.currency_name is not None:
            currency_name(input.currency_name)
        async with tenant_scope(tenant_id):
            row = await update_tenant(tenant_id, changes)
            if input.currency_name is not None:
                await rename_currency(tenant_id, input.currency_name)
    except TenancyError as error:
        return UpdateTenantPayload(user_errors=user_errors(error, TenancyUserError))
    except LedgerError as error:
        refused = TenancyError(TenancyErrorCode.INVALID_INPUT, error.message, error.field)
        return UpdateTenantPayload(user_errors=user_errors(refused, TenancyUserError))
    return UpdateTenantPayload(tenant=Tenant.from_model(row))
