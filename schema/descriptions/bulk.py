"""Bulk jobs."""

from __future__ import annotations

DESCRIPTIONS = {
    "Query.bulkJob(id)": "The job's id, as startBulkPointsJob answered it.",
    "BulkJob.kind": "What the job does: POINTS (awards and deductions).",
    "BulkJob.status": "Where the job stands.",
    "BulkJob.dryRun": "True when the job only checked its rows and moved nothing.",
    "BulkJob.total": "Rows in the job.",
    "BulkJob.processed": "Rows done so far, applied or failed.",
    "BulkJob.succeeded": "Rows applied (checked, for a dry run).",
    "BulkJob.failed": "Rows that could not apply; `errors` says why.",
    "BulkJob.finishedAt": "When it finished or was cancelled; null while it runs.",
    "BulkJobStatus.QUEUED": "Accepted; waiting for a worker.",
    "BulkJobStatus.RUNNING": "A worker is applying its rows.",
    "BulkJobStatus.SUCCEEDED": "Every row was tried (some may have failed: see `failed`).",
    "BulkJobStatus.CANCELLED": "Stopped by the merchant; rows not yet run never will be.",
    "BulkRowError.row": "The row's number, 1 for the first row after the CSV header.",
    "BulkRowError.externalId": "The row's member, as sent.",
    "BulkRowError.message": "Why the row could not apply (unknown member, malformed amount, "
    "too few points to deduct...).",
    "BulkErrorCode.TOO_MANY_ROWS": "More than 100,000 rows. Split the file into several jobs.",
    "BulkErrorCode.JOB_NOT_FOUND": "No bulk job of your tenant has this id. Check the id.",
    "BulkErrorCode.ALREADY_FINISHED": "The job has finished or was cancelled already; nothing "
    "changed.",
    "StartBulkPointsJobInput.rows": "The rows; give this or `csv`.",
    "StartBulkPointsJobInput.csv": "A CSV with the header externalId,amount,reason[,expiresAt]; "
    "give this or `rows`. The request body's limit (MAX_BODY_BYTES, 1 MB by default, about "
    "30,000 rows) applies.",
    "StartBulkPointsJobInput.dryRun": "Check every row (members exist, amounts and dates are "
    "valid) and move nothing.",
    "BulkPointsRowInput.externalId": "The member's id in your system.",
    "BulkPointsRowInput.amount": "Whole points: positive to award, negative to deduct (a text, "
    "as in a CSV, so a bad value fails its row rather than the whole job).",
    "BulkPointsRowInput.reason": "Why, 1-500 characters: in the member's history.",
    "BulkPointsRowInput.expiresAt": "Awards only: when these points expire (ISO 8601 with an "
    "offset); empty: the merchant's expiry policy.",
    "CancelBulkJobInput.jobId": "The job to stop.",
}
