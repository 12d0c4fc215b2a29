"""The job queue (procrastinate's tables) seen from the application: enqueue a job in the
transaction of the change that causes it, and count jobs by status for operators.

Enqueueing calls procrastinate's own SQL function on the caller's connection, so the job
exists exactly when the change commits: no job for a rolled-back change, no change without its
job. The worker (app/jobs) runs them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.core.db import platform_scope

NAMESPACE = "pointsmall"


@dataclass(frozen=True)
class JobCount:
    task: str
    status: str
    count: int


async def enqueue(
    connection: BaseDBAsyncClient,
    task: str,
    args: dict[str, Any],
    *,
    at: datetime | None = None,
    queueing_lock: str | None = None,
) -> bool:
    """Queue `task` (a name in app/jobs) with `args` in the caller's transaction; False when a
    job with the same `queueing_lock` is already waiting."""
    try:
        async with in_transaction():
            await connection.execute_query(
                "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW('default', $1, 0, NULL, $2,"
                " $3::jsonb, $4)::procrastinate_job_to_defer_v1])",
                [f"{NAMESPACE}:{task}", queueing_lock, json.dumps(args), at],
            )
    except IntegrityError:
        return False
    return True


async def job_counts() -> list[JobCount]:
    """Jobs per task and status (todo, doing, succeeded, failed, cancelled, aborted)."""
    async with platform_scope() as connection:
        rows = await connection.execute_query_dict(
            "SELECT task_name, status::text AS status, count(*) AS n FROM procrastinate_jobs"
            " GROUP BY task_name, status ORDER BY task_name, status"
        )
    return [JobCount(row["task_name"], row["status"], int(row["n"])) for row in rows]


async def oldest_due_wait_seconds() -> float:
    """How long the longest-waiting job that is due (todo, scheduled for now or earlier) has
    waited since it became due; 0 when none waits. A queue the workers keep up with stays near
    0; a growing figure means too few workers, or workers that stopped taking jobs."""
    async with platform_scope() as connection:
        rows = await connection.execute_query_dict(
            "SELECT coalesce(extract(epoch FROM now() - min(coalesce(j.scheduled_at, e.at))), 0)"
            " AS waited FROM procrastinate_jobs j LEFT JOIN procrastinate_events e"
            " ON e.job_id = j.id AND e.type = 'deferred'"
            " WHERE j.status = 'todo' AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())"
        )
    return max(0.0, float(rows[0]["waited"]))
