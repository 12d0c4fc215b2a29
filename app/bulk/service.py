"""Bulk jobs: accepted at once (rows stored, a worker job queued in the same transaction), run
by the worker a chunk at a time. Each kind of job (points rows, a member import, a segment
action) applies a chunk its own way, every row exactly once (see its module); this module keeps
what they share: starting, progress, cancelling, the failed rows and the closing webhook.

A row that cannot apply (an unknown member, an amount that is not a whole number, too few points
to deduct) is FAILED with its reason; the others go on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from app.bulk import members_import, points, segments
from app.bulk.errors import BulkError, BulkErrorCode
from app.bulk.models import BulkJob, BulkRow, JobStatus, RowStatus
from app.bulk.rows import Outcome, mark_rows
from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.idempotency import KeyedRequest, once_in_scope, request_hash
from app.core.ids import uuid7
from app.core.jobqueue import enqueue
from app.core.pagination import Page, PageRequest, fetch_page
from app.webhooks.events import emit

MAX_ROWS = 100_000
CHUNK = 500


@dataclass(frozen=True)
class Kind:
    """How a kind of job applies a chunk (the outcomes still to mark), and its rows' columns."""

    apply: Callable[[UUID, BulkJob, list[BulkRow]], Awaitable[list[Outcome]]]
    columns: tuple[str, ...]


KINDS = {
    points.KIND: Kind(points.apply, points.COLUMNS),
    members_import.KIND: Kind(members_import.apply, members_import.COLUMNS),
    segments.POINTS_KIND: Kind(segments.apply_points, segments.COLUMNS),
    segments.REWARD_KIND: Kind(segments.apply_reward, segments.COLUMNS),
}


@dataclass(frozen=True)
class JobRequest:
    """A job to start: its kind, rows and params, and the caller's idempotency key."""

    kind: str
    rows: list[dict[str, Any]]
    dry_run: bool
    actor: str
    key: str
    params: dict[str, Any] | None = None


async def start_points_job(
    tenant_id: UUID, rows: list[dict[str, Any]], dry_run: bool, actor: str, key: str
) -> BulkJob:
    """Award or deduct points by rows `{externalId, amount, reason, expiresAt}`."""
    return await start_job(tenant_id, JobRequest(points.KIND, rows, dry_run, actor, key))


async def import_members(
    tenant_id: UUID, rows: list[dict[str, Any]], dry_run: bool, actor: str, key: str
) -> BulkJob:
    """Import members: profile, opening balance lots and tier (`app.bulk.members_import`)."""
    return await start_job(tenant_id, JobRequest(members_import.KIND, rows, dry_run, actor, key))


async def start_segment_action(
    tenant_id: UUID,
    segment: segments.MemberFilter,
    action: segments.PointsAction | segments.RewardAction,
    dry_run: bool,
    actor: str,
    key: str,
) -> BulkJob:
    """Points or a reward for every active member of the segment, as it stands now."""
    if isinstance(action, segments.PointsAction):
        kind, params = segments.POINTS_KIND, action.checked()
    else:
        kind, params = segments.REWARD_KIND, await action.checked(tenant_id)
    rows = await segments.segment_rows(tenant_id, segment, MAX_ROWS)
    if not rows:
        raise BulkError(BulkErrorCode.SEGMENT_EMPTY, "No active member is in the segment.", None)
    request = JobRequest(kind, rows, dry_run, actor, key, params)
    return await start_job(tenant_id, request)


async def start_job(tenant_id: UUID, request: JobRequest) -> BulkJob:
    """Accept the rows and queue the job; a retry under the key answers the same job."""
    rows = request.rows
    if not rows:
        raise BulkError(BulkErrorCode.INVALID_INPUT, "Give at least one row.", "rows")
    if len(rows) > MAX_ROWS:
        raise BulkError(
            BulkErrorCode.TOO_MANY_ROWS, f"At most {MAX_ROWS:,} rows in one job.", "rows"
        )
    fingerprint = request_hash(
        f"bulk:{request.kind}",
        {"rows": rows, "dry_run": request.dry_run, "params": request.params or {}},
    )
    keyed = KeyedRequest(tenant_id, request.actor, request.key, fingerprint)

    async def effect() -> dict[str, Any]:
        job = await BulkJob.create(
            tenant_id=tenant_id, kind=request.kind, params=request.params or {},
            dry_run=request.dry_run, total=len(rows), actor=request.actor,
        )  # fmt: skip
        connection = BulkJob._meta.db
        await connection.execute_query(
            "INSERT INTO bulk_row (id, tenant_id, job_id, row_no, data, status)"
            " SELECT r.id, $1, $2, r.n, r.d::jsonb, 'PENDING'"
            " FROM unnest($5::uuid[], $3::int[], $4::text[]) AS r(id, n, d)",
            [
                tenant_id,
                job.id,
                list(range(1, len(rows) + 1)),
                [json.dumps(row, default=str) for row in rows],
                # Ids in row order (errors are paged by id), made here: within a process they
                # increase even within one millisecond.
                [uuid7() for _ in rows],
            ],
        )
        args = {"tenant_id": str(tenant_id), "job_id": str(job.id)}
        await enqueue(connection, "run_bulk_job", args)
        return {"job_id": str(job.id)}

    applied = await once_in_scope(keyed, effect, BulkError)
    return await get_job(tenant_id, UUID(applied.response["job_id"]))


async def get_job(tenant_id: UUID, job_id: UUID) -> BulkJob:
    async with tenant_scope(tenant_id):
        job = await BulkJob.get_or_none(id=job_id)
    if job is None:
        raise BulkError(BulkErrorCode.JOB_NOT_FOUND, "No such bulk job.", "jobId")
    return job


async def cancel_job(tenant_id: UUID, job_id: UUID) -> BulkJob:
    """Stop a job between chunks: rows not yet run stay PENDING and never run."""
    async with tenant_scope(tenant_id):
        job = await BulkJob.select_for_update().get_or_none(id=job_id)
        if job is None:
            raise BulkError(BulkErrorCode.JOB_NOT_FOUND, "No such bulk job.", "jobId")
        if job.status not in {JobStatus.QUEUED, JobStatus.RUNNING}:
            raise BulkError(
                BulkErrorCode.ALREADY_FINISHED, f"The job is {job.status.value}.", "jobId"
            )
        job.status, job.finished_at = JobStatus.CANCELLED, utcnow()
        await job.save(update_fields=["status", "finished_at"])
        return job


async def failed_rows(tenant_id: UUID, job_id: UUID, page: PageRequest) -> Page[BulkRow]:
    async with tenant_scope(tenant_id):
        query = BulkRow.filter(job_id=job_id, status=RowStatus.FAILED)
        return await fetch_page(query, page)


async def failed_rows_csv(tenant_id: UUID, job_id: UUID) -> str:
    """The failed rows as the CSV they came in, with the row number and the error: fix, re-send."""
    job = await get_job(tenant_id, job_id)
    columns = KINDS[job.kind].columns
    async with tenant_scope(tenant_id):
        rows = await BulkRow.filter(job_id=job_id, status=RowStatus.FAILED).order_by("row_no")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["row", *columns, "error"])
    for row in rows:
        writer.writerow([row.row_no, *(_cell(row.data, name) for name in columns), row.error])
    return out.getvalue()


def _cell(data: dict[str, Any], column: str) -> Any:
    """A failed row's value in its CSV column; an import's lots are points and expiresAt (a
    row sent as a list with several lots shows them joined by `;`)."""
    if column in data:
        return data[column]
    lots = data.get("lots")
    if column in {"points", "expiresAt"} and isinstance(lots, list):
        return ";".join(str(lot.get(column, "")) for lot in lots)
    return ""


async def run_job(tenant_id: UUID, job_id: UUID) -> None:
    """The worker's job: every PENDING row, a chunk at a time, until done or cancelled."""
    while True:
        async with tenant_scope(tenant_id):
            job = await BulkJob.get_or_none(id=job_id)
            if job is None or job.status not in {JobStatus.QUEUED, JobStatus.RUNNING}:
                return
            if job.status is JobStatus.QUEUED:
                await BulkJob.filter(id=job_id).update(status=JobStatus.RUNNING)
            chunk = (
                await BulkRow.filter(job_id=job_id, status=RowStatus.PENDING)
                .order_by("row_no")
                .limit(CHUNK)
            )
            if not chunk:
                await _finish(tenant_id, job)
                return
        outcomes = await KINDS[job.kind].apply(tenant_id, job, chunk)
        if outcomes:
            async with tenant_scope(tenant_id) as connection:
                await mark_rows(connection, job_id, outcomes)


async def _finish(tenant_id: UUID, job: BulkJob) -> None:
    """Mark the job done and tell the merchant's endpoints; call in the tenant's scope."""
    await BulkJob.filter(id=job.id).update(status=JobStatus.SUCCEEDED, finished_at=utcnow())
    done = await BulkJob.get(id=job.id)
    await emit(
        tenant_id,
        "bulk_job.completed",
        {
            "job_id": str(done.id),
            "kind": done.kind,
            "dry_run": done.dry_run,
            "total": done.total,
            "succeeded": done.succeeded,
            "failed": done.failed,
        },
    )
