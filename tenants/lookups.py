"""Reads every tenancy service needs: which tenant owns a login, and is that tenant active."""

from __future__ import annotations

from uuid import UUID

from app.core.db import platform_scope
from tenants.models import Tenant
from tenants.roles import TenantStatus


async def tenant_of_staff_email(email: str) -> UUID | None:
    """The tenant whose staff has `email`, through the one cross-tenant lookup login needs."""
    return await _lookup("select auth_staff_tenant($1) as tenant_id", email)


async def _lookup(sql: str, value: str) -> UUID | None:
    async with platform_scope() as connection:
        rows = await connection.execute_query_dict(sql, [value])
    tenant_id = rows[0]["tenant_id"] if rows else None
    return UUID(str(tenant_id)) if tenant_id else None


async def active_tenant(tenant_id: UUID) -> Tenant | None:
    """The tenant if it exists and is not suspended."""
    return await Tenant.get_or_none(id=tenant_id, status=TenantStatus.ACTIVE)
