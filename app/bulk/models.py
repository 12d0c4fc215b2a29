"""Bulk job tables (tenant-owned): the job and its rows, each row's outcome kept with it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7


class JobStatus(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    CANCELLED = "CANCELLED"


class RowStatus(StrEnum):
    PENDING = "PENDING"
    OK = "OK"
    FAILED = "FAILED"


class BulkJob(Model):
    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    kind = fields.CharField(max_length=32)
    # What the whole job does (a segment action's points or reward); rows hold the rest.
    params: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    status = fields.CharEnumField(JobStatus, max_length=16, default=JobStatus.QUEUED)
    dry_run = fields.BooleanField(default=False)
    total = fields.IntField()
    processed = fields.IntField(default=0)
    succeeded = fields.IntField(default=0)
    failed = fields.IntField(default=0)
    actor = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "bulk_job"


class BulkRow(Model):
    """One row of a job: what it asked (`data`) and what came of it."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    job_id = fields.UUIDField()
    row_no = fields.IntField()
    data: fields.Field[dict[str, Any]] = fields.JSONField()
    status = fields.CharEnumField(RowStatus, max_length=16, default=RowStatus.PENDING)
    error = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "bulk_row"
