"""Bulk job reads."""

from __future__ import annotations

import strawberry

from app.bulk import service
from app.bulk.errors import BulkError
from schema.bulk.types import BulkJob
from schema.context import Info
from schema.ids import parse_id
from schema.permissions import Access, query, tenant_of
from tenants.roles import ApiScope, StaffRole


@strawberry.type
class BulkQueries:
    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.POINTS_READ),
        "A bulk job's progress and failed rows; null if there is none with this id.",
    )
    async def bulk_job(self, info: Info, id: strawberry.ID) -> BulkJob | None:
        try:
            job = await service.get_job(tenant_of(info), parse_id(id))
        except BulkError:
            return None
        return BulkJob.from_model(job)
