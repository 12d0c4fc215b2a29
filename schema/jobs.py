"""`jobs`: the background queue as operators see it, counts per task and status."""

from __future__ import annotations

import strawberry

from app.core.jobqueue import job_counts
from schema.context import Info
from schema.permissions import require_operator


@strawberry.type(description="How many jobs of one task are in one status.")
class JobCount:
    task: str
    status: str = strawberry.field(
        description="todo, doing, succeeded, failed (after its retries), cancelled, aborted."
    )
    count: int


@strawberry.type
class JobQueries:
    @strawberry.field(description="Background jobs per task and status. Operators.")
    async def jobs(self, info: Info) -> list[JobCount]:
        require_operator(info)
        return [JobCount(task=c.task, status=c.status, count=c.count) for c in await job_counts()]
