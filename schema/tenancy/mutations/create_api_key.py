"""createApiKey: a key for the merchant's backend; the secret is returned only here."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.errors import user_errors
from schema.idempotency import CREATE_KEY
from schema.permissions import Access, mutation, staff_of
from schema.tenancy.types import ApiKey, ApiScopeEnum, TenancyUserError
from tenants.apikeys import create_api_key
from tenants.errors import TenancyError
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class CreateApiKeyInput:
    name: str
    scopes: list[Annotated[ApiScope, ApiScopeEnum]]
    idempotency_key: str | None = strawberry.field(
        default=None,
        description=CREATE_KEY + " A retry answers without `secret`: only the first answer "
        "carries it (if that answer was lost, revoke the key and create another).",
    )


@strawberry.type
class CreateApiKeyPayload:
    api_key: ApiKey | None = None
    secret: str | None = strawberry.field(
        default=None, description="The full key. Shown once: store it now."
    )
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Create an API key for the merchant's backend; the secret is shown once.",
)
async def resolve(info: Info, input: CreateApiKeyInput) -> CreateApiKeyPayload:
    actor = staff_of(info)
    try:
        created = await create_api_key(actor, input.name, input.scopes, input.idempotency_key)
    except TenancyError as error:
        return CreateApiKeyPayload(user_errors=user_errors(error, TenancyUserError))
    return CreateApiKeyPayload(api_key=ApiKey.from_model(created.key), secret=created.secret)
