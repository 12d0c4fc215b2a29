"""GraphQL types of tenancy: tenants, their currency, staff, API keys, sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry

from app.core.clock import utcnow
from app.ledger import valuation
from app.ledger.models import Currency
from schema.errors import UserError, user_errors
from schema.ledger.types import PointValue
from tenants import models
from tenants.errors import TenancyError, TenancyErrorCode
from tenants.registry import set_tenant_status
from tenants.roles import ApiScope, StaffRole, TenantStatus
from tenants.sessions import SessionTokens

TenancyErrorCodeEnum = strawberry.enum(
    TenancyErrorCode, name="TenancyErrorCode", description="Why a tenancy mutation was refused."
)
StaffRoleEnum = strawberry.enum(
    StaffRole,
    description="OWNER > ADMIN > STAFF > VIEWER; each role can do what the ones below it can.",
)
ApiScopeEnum = strawberry.enum(ApiScope, description="What an API key may do.")
TenantStatusEnum = strawberry.enum(
    TenantStatus, description="SUSPENDED tenants' tokens and API keys are refused."
)


@strawberry.type(
    description="A refused tenancy mutation: which field, why, and a readable message."
)
class TenancyUserError(UserError):
    code: Annotated[TenancyErrorCode, TenancyErrorCodeEnum]


@strawberry.type(description="A merchant's point currency and its value in fiat.")
class PointCurrency:
    code: str
    name: str
    fiat_currency: str = strawberry.field(description="ISO 4217 code, e.g. CNY.")
    points_per_fiat_unit: int = strawberry.field(
        description="How many points earned now are worth one unit of fiat (e.g. 100 points = "
        "1 CNY); points earned under an earlier value keep theirs (`pointValues`)."
    )
    fiat_minor_units_per_fiat_unit: int = strawberry.field(
        description="Minor units in one fiat unit (100 fen per CNY)."
    )
    point_values: list[PointValue] = strawberry.field(
        description="The point's value over time, oldest first, scheduled changes included."
    )

    @classmethod
    def from_model(cls, currency: Currency, values: list[valuation.PointValue]) -> PointCurrency:
        return cls(
            code=currency.code,
            name=currency.name,
            fiat_currency=currency.fiat_currency,
            points_per_fiat_unit=valuation.in_force(values, utcnow()).points_per_unit,
            fiat_minor_units_per_fiat_unit=currency.fiat_minor_units,
            point_values=PointValue.schedule(values),
        )


@strawberry.type(description="How the merchant's member mall looks; null fields: the default.")
class Branding:
    logo_url: str | None
    primary_color: str | None = strawberry.field(description="#rrggbb.")
    accent_color: str | None = strawberry.field(description="#rrggbb.")


@strawberry.type(description="A merchant on the platform.")
class Tenant:
    id: strawberry.ID
    slug: str
    name: str
    status: Annotated[TenantStatus, TenantStatusEnum]
    time_zone: str = strawberry.field(
        description="The IANA time zone the merchant's days count in (check-ins, daily limits "
        "and caps, leaderboard weeks and months, yearly clearing, analytics)."
    )
    locale: str = strawberry.field(
        description="The merchant's locale: its mall's language and its phone region."
    )
    branding: Branding
    created_at: datetime

    @strawberry.field(description="The merchant's own point currency.")
    async def currency(self) -> PointCurrency | None:
        found = await valuation.point_values(UUID(self.id))
        return PointCurrency.from_model(*found) if found else None

    @classmethod
    def from_model(cls, tenant: models.Tenant) -> Tenant:
        return cls(
            id=strawberry.ID(str(tenant.id)),
            slug=tenant.slug,
            name=tenant.name,
            status=tenant.status,
            time_zone=tenant.time_zone,
            locale=tenant.locale,
            branding=Branding(
                logo_url=tenant.logo_url,
                primary_color=tenant.primary_color,
                accent_color=tenant.accent_color,
            ),
            created_at=tenant.created_at,
        )


@strawberry.type(description="A merchant's staff login.")
class StaffUser:
    id: strawberry.ID
    email: str
    display_name: str
    role: Annotated[StaffRole, StaffRoleEnum]
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None

    @classmethod
    def from_model(cls, staff: models.StaffUser) -> StaffUser:
        return cls(
            id=strawberry.ID(str(staff.id)),
            email=staff.email,
            display_name=staff.display_name,
            role=staff.role,
            is_active=staff.is_active,
            created_at=staff.created_at,
            last_login_at=staff.last_login_at,
        )


@strawberry.type(description="An API key of the merchant's backend. The secret is never shown.")
class ApiKey:
    id: strawberry.ID
    name: str
    prefix: str = strawberry.field(description="Public part of the key, to recognise it.")
    scopes: list[Annotated[ApiScope, ApiScopeEnum]]
    created_at: datetime
    last_used_at: datetime | None = strawberry.field(description="Accurate to about a minute.")
    revoked_at: datetime | None

    @classmethod
    def from_model(cls, key: models.ApiKey) -> ApiKey:
        return cls(
            id=strawberry.ID(str(key.id)),
            name=key.name,
            prefix=key.prefix,
            scopes=[ApiScope(scope) for scope in key.scopes],
            created_at=key.created_at,
            last_used_at=key.last_used_at,
            revoked_at=key.revoked_at,
        )


@strawberry.type(description="Tokens of a staff session.")
class Session:
    access_token: str = strawberry.field(description="Send as `Authorization: Bearer <token>`.")
    refresh_token: str = strawberry.field(
        description="Use once with refreshSession; reusing a used one ends the whole session."
    )
    expires_in: int = strawberry.field(description="Seconds the access token is valid.")

    @classmethod
    def from_tokens(cls, tokens: SessionTokens) -> Session:
        return cls(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_in=tokens.expires_in,
        )


@strawberry.input
class TenantStatusInput:
    tenant_id: strawberry.ID


@strawberry.type
class TenantStatusPayload:
    tenant: Tenant | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


async def set_status(tenant_id: UUID, status: TenantStatus) -> TenantStatusPayload:
    """suspendTenant's and reactivateTenant's one step: the status set, or why not."""
    try:
        tenant = await set_tenant_status(tenant_id, status)
    except TenancyError as error:
        return TenantStatusPayload(user_errors=user_errors(error, TenancyUserError))
    return TenantStatusPayload(tenant=Tenant.from_model(tenant))
