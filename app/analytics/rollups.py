"""Keeping the rollups small: past hours folded into days by the compaction job."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from app.analytics.buckets import (
    local_midnight,
)
from app.analytics.figures import basis_in
from app.core.db import tenant_scope


async def compact_rollups(
    tenant_id: UUID, before: datetime | None = None, days_before: datetime | None = None
) -> int:
    """Fold the rollup's slots of hours before `before` (default: the current hour) into one
    row each, and its local days before `days_before` (default: today's local midnight) into
    one row each; returns the rows folded. Safe beside writers and when run twice."""
    async with tenant_scope(tenant_id) as connection:
        books = await basis_in(connection, tenant_id)
        today = datetime.now(books.zone).date()
        rows = await connection.execute_query_dict(
            "SELECT analytics_rollup_compact($1, coalesce($2, date_trunc('hour', now(), 'UTC')),"
            " $3, $4) AS n",
            [tenant_id, before, days_before or local_midnight(today, books.zone), books.zone.key],
        )
    return int(rows[0]["n"])
