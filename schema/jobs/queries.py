"""The jobs query."""

from __future__ import annotations

import strawberry

from app.core.jobqueue import job_counts
from schema.context import Info
from schema.jobs.types import JobCount
from schema.permissions import OPERATOR, query


@strawberry.type
class JobQueries:
    @query(
        OPERATOR,
        "Background jobs per task and status.",
    )
    async def jobs(self, info: Info) -> list[JobCount]:
        return [JobCount(task=c.task, status=c.status, count=c.count) for c in await job_counts()]
