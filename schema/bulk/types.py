"""Bulk jobs in the API: the job, its progress, its failed rows."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry

from app.bulk import models, service
from app.bulk.errors import BulkErrorCode
from schema.context import Info
from schema.errors import UserError
from schema.pagination import Connection, connection, page_request
from schema.permissions import tenant_of

BulkErrorCodeEnum = strawberry.enum(
    BulkErrorCode, name="BulkErrorCode", description="Why a bulk request was refused."
)
JobStatusEnum = strawberry.enum(
    models.JobStatus, name="BulkJobStatus", description="Where a bulk job stands."
)


@strawberry.type(description="A refused bulk request: which field, why, and a message.")
class BulkUserError(UserError):
    code: Annotated[BulkErrorCode, BulkErrorCodeEnum]


@strawberry.type(description="A row of a bulk job that could not apply, and why.")
class BulkRowError:
    row: int
    external_id: str
    message: str

    @classmethod
    def from_model(cls, row: models.BulkRow) -> BulkRowError:
        return cls(
            row=row.row_no,
            external_id=str(row.data.get("externalId", "")),
            message=row.error or "",
        )


@strawberry.type(description="Bulk work the worker runs: its progress and its failed rows.")
class BulkJob:
    id: strawberry.ID
    kind: str
    status: Annotated[models.JobStatus, JobStatusEnum]
    dry_run: bool
    total: int
    processed: int
    succeeded: int
    failed: int
    created_at: datetime
    finished_at: datetime | None

    @strawberry.field(description="The rows that could not apply, in row order.")
    async def errors(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[BulkRowError]:
        page = await service.failed_rows(tenant_of(info), UUID(self.id), page_request(first, after))
        return connection(page, BulkRowError.from_model)

    @strawberry.field(
        description="The failed rows as CSV (row, the columns sent, error): fix and send again."
    )
    async def failed_rows_csv(self, info: Info) -> str:
        return await service.failed_rows_csv(tenant_of(info), UUID(self.id))

    @classmethod
    def from_model(cls, job: models.BulkJob) -> BulkJob:
        return cls(
            id=strawberry.ID(str(job.id)),
            kind=job.kind,
            status=job.status,
            dry_run=job.dry_run,
            total=job.total,
            processed=job.processed,
            succeeded=job.succeeded,
            failed=job.failed,
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


@strawberry.type
class BulkJobPayload:
    job: BulkJob | None = None
    user_errors: list[BulkUserError] = strawberry.field(default_factory=list)
