"""revokeApiKey: requests with the key fail from now on."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, mutation, staff_of
from schema.tenancy.types import ApiKey, TenancyUserError
from tenants.apikeys import revoke_api_key
from tenants.errors import TenancyError
from tenants.roles import StaffRole


@strawberry.input
class RevokeApiKeyInput:
    api_key_id: strawberry.ID


@strawberry.type
class RevokeApiKeyPayload:
    api_key: ApiKey | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Revoke an API key at once. Errors: NOT_FOUND, ALREADY_IN_STATE.",
)
async def resolve(info: Info, input: RevokeApiKeyInput) -> RevokeApiKeyPayload:
    actor = staff_of(info)
    try:
        key = await revoke_api_key(actor, parse_id(input.api_key_id))
    except TenancyError as error:
        return RevokeApiKeyPayload(user_errors=user_errors(error, TenancyUserError))
    return RevokeApiKeyPayload(api_key=ApiKey.from_model(key))
