"""The tenant registry as operators see it: list, suspend, reactivate."""

from __future__ import annotations

from uuid import UUID

from tortoise.expressions import Q

from app.core.db import platform_scope
from app.core.pagination import Page, PageRequest, fetch_page
from tenants.errors import TenancyError, TenancyErrorCode
from tenants.models import Tenant
from tenants.roles import TenantStatus

MAX_SEARCH_LENGTH = 100


async def get_tenant(tenant_id: UUID) -> Tenant | None:
    return await Tenant.get_or_none(id=tenant_id)


async def list_tenants(
    status: TenantStatus | None, page: PageRequest, search: str = ""
) -> Page[Tenant]:
    """Merchants, oldest first; `search` matches a part of the slug or the name."""
    term = search.replace("\x00", "").strip()[:MAX_SEARCH_LENGTH]
    query = Tenant.all() if status is None else Tenant.filter(status=status)
    if term:
        query = query.filter(Q(slug__icontains=term) | Q(name__icontains=term))
    return await fetch_page(query, page)


async def tenants_by_id(ids: set[UUID]) -> dict[UUID, Tenant]:
    return {tenant.id: tenant for tenant in await Tenant.filter(id__in=ids)}


async def set_tenant_status(tenant_id: UUID, status: TenantStatus) -> Tenant:
    """Suspend or reactivate; a suspended tenant's tokens and keys fail on their next request."""
    async with platform_scope():
        tenant = await Tenant.select_for_update().get_or_none(id=tenant_id)
        if tenant is None:
            raise TenancyError(TenancyErrorCode.NOT_FOUND, "No such tenant.", "tenantId")
        if tenant.status is status:
            raise TenancyError(
                TenancyErrorCode.ALREADY_IN_STATE, f"Tenant is already {status}.", "tenantId"
            )
        tenant.status = status
        await tenant.save(update_fields=["status"])
        return tenant
