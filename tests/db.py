"""Reading the database from tests the way the app does: through the tenant's scope."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from tortoise.models import Model

from app.core.db import tenant_scope


async def count_in_tenant(model: type[Model], tenant_id: str | UUID, **filters: Any) -> int:
    async with tenant_scope(UUID(str(tenant_id))):
        return await model.filter(**filters).count()
