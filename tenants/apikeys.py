"""API keys for a merchant's own backend: created with scopes, secret shown once, revocable."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.idempotency import OptionalKey, created_once
from app.core.pagination import Page, PageRequest, fetch_page
from tenants.credentials import hash_secret, new_api_key
from tenants.errors import TenancyError, TenancyErrorCode
from tenants.models import ApiKey
from tenants.principals import StaffPrincipal
from tenants.roles import ApiScope

MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class CreatedApiKey:
    key: ApiKey
    secret: str | None


async def create_api_key(
    actor: StaffPrincipal, name: str, scopes: list[ApiScope], key: str | None = None
) -> CreatedApiKey:
    """Create a key; the returned secret is never stored or shown again. A retry under the
    same idempotency `key` answers the first call's key without its secret (which only the
    first answer carried: if that was lost, revoke the key and create another)."""
    name = name.strip()
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise TenancyError(TenancyErrorCode.INVALID_INPUT, "Name must be 1-200 characters.", "name")
    if not scopes:
        raise TenancyError(
            TenancyErrorCode.INVALID_INPUT, "Give the key at least one scope.", "scopes"
        )
    parts = new_api_key()
    chosen = sorted({scope.value for scope in scopes})

    async def create() -> ApiKey:
        async with tenant_scope(actor.tenant_id):
            return await ApiKey.create(
                tenant_id=actor.tenant_id,
                name=name,
                prefix=parts.prefix,
                secret_hash=hash_secret(parts.secret),
                scopes=chosen,
                created_by=actor.staff_id,
            )

    keyed = OptionalKey(key, f"staff:{actor.staff_id}")
    request = {"name": name, "scopes": chosen}
    made = await created_once(ApiKey, actor.tenant_id, keyed, request, create, TenancyError)
    fresh = made.secret_hash == hash_secret(parts.secret)
    return CreatedApiKey(made, parts.token if fresh else None)


async def revoke_api_key(actor: StaffPrincipal, key_id: UUID) -> ApiKey:
    """Revoke a key; requests with it fail from now on."""
    async with tenant_scope(actor.tenant_id):
        key = await ApiKey.select_for_update().get_or_none(id=key_id)
        if key is None:
            raise TenancyError(TenancyErrorCode.NOT_FOUND, "No such API key.", "apiKeyId")
        if key.revoked_at is not None:
            raise TenancyError(TenancyErrorCode.ALREADY_IN_STATE, "Already revoked.", "apiKeyId")
        key.revoked_at = utcnow()
        await key.save(update_fields=["revoked_at"])
        return key


async def list_api_keys(tenant_id: UUID, page: PageRequest) -> Page[ApiKey]:
    async with tenant_scope(tenant_id):
        return await fetch_page(ApiKey.all(), page)
