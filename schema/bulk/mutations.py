"""startBulkPointsJob and cancelBulkJob."""

from __future__ import annotations

import strawberry

from app.bulk import service
from app.bulk.errors import BulkError, BulkErrorCode
from schema.bulk.types import BulkJob, BulkJobPayload, BulkUserError
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, actor_of, mutation, tenant_of
from tenants.roles import ApiScope, StaffRole


@strawberry.input(description="One row of a bulk points job.")
class BulkPointsRowInput:
    external_id: str
    amount: str
    reason: str
    expires_at: str | None = None


@strawberry.input
class StartBulkPointsJobInput:
    rows: list[BulkPointsRowInput] | None = None
    csv: str | None = None
    dry_run: bool = False
    idempotency_key: str


@strawberry.input
class CancelBulkJobInput:
    job_id: strawberry.ID


@strawberry.type
class BulkMutations:
    @mutation(
        Access(staff=StaffRole.ADMIN, key=ApiScope.POINTS_WRITE),
        "Award (positive amounts) or deduct (negative) points for up to 100,000 members, by "
        "their external ids, from `rows` or a `csv` (header externalId,amount,reason[,expiresAt])"
        ". The rows are checked and applied by the worker, each exactly once; `bulkJob` shows the "
        "progress and the rows that failed (each with its reason), and a bulk_job.completed "
        "webhook event says when it is done. `dryRun` checks every row and moves nothing. "
        "Errors: INVALID_INPUT, TOO_MANY_ROWS, IDEMPOTENCY_KEY_REUSED.",
    )
    async def start_bulk_points_job(
        self, info: Info, input: StartBulkPointsJobInput
    ) -> BulkJobPayload:
        try:
            if (input.rows is None) == (input.csv is None):
                raise BulkError(
                    BulkErrorCode.INVALID_INPUT, "Give exactly one of rows, csv.", "rows"
                )
            rows = (
                service.rows_from_csv(input.csv)
                if input.csv is not None
                else [
                    {
                        "externalId": row.external_id,
                        "amount": row.amount,
                        "reason": row.reason,
                        "expiresAt": row.expires_at or "",
                    }
                    for row in input.rows or []
                ]
            )
            job = await service.start_points_job(
                tenant_of(info), rows, input.dry_run, actor_of(info), input.idempotency_key
            )
        except BulkError as error:
            return BulkJobPayload(user_errors=user_errors(error, BulkUserError))
        return BulkJobPayload(job=BulkJob.from_model(job))

    @mutation(
        Access(staff=StaffRole.ADMIN, key=ApiScope.POINTS_WRITE),
        "Stop a bulk job between chunks; rows not yet run never run. Errors: JOB_NOT_FOUND, "
        "ALREADY_FINISHED.",
    )
    async def cancel_bulk_job(self, info: Info, input: CancelBulkJobInput) -> BulkJobPayload:
        try:
            job = await service.cancel_job(tenant_of(info), parse_id(input.job_id))
        except BulkError as error:
            return BulkJobPayload(user_errors=user_errors(error, BulkUserError))
        return BulkJobPayload(job=BulkJob.from_model(job))
