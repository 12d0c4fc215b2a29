"""The points queries."""

from __future__ import annotations

import strawberry

from app.ledger.service import get_points_rules
from schema.context import Info
from schema.ledger.types import PointsPolicyType
from schema.permissions import Access, query, tenant_of
from tenants.roles import StaffRole


@strawberry.type
class LedgerQueries:
    @query(Access(staff=StaffRole.VIEWER), "The merchant's points policy.")
    async def points_policy(self, info: Info) -> PointsPolicyType:
        tenant_id = tenant_of(info)
        return PointsPolicyType.from_rules(await get_points_rules(tenant_id))
