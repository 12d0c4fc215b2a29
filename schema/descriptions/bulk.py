"""Bulk jobs."""

from __future__ import annotations

DESCRIPTIONS = {
    "Query.bulkJob(id)": "The job's id, as startBulkPointsJob answered it.",
    "BulkJob.kind": "What the job does: POINTS (awards and deductions), IMPORT_MEMBERS, "
    "SEGMENT_POINTS or SEGMENT_REWARD (a segment action).",
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
    "BulkErrorCode.SEGMENT_EMPTY": "No active member matches the segment; nothing was queued. "
    "Widen the filter (atRiskMembers shows who is at risk).",
    "BulkErrorCode.REWARD_NOT_FOUND": "No ACTIVE reward of your tenant has this id. Check the "
    "id, or publish the reward first.",
    "ImportMembersInput.members": "The members; give this or `csv`.",
    "ImportMembersInput.csv": "A CSV with the header externalId[,displayName,phone,email,"
    "birthday,tier,tierUntil,points,expiresAt]; give this or `members`. One lot of the "
    "opening balance per line (`points`, `expiresAt`): a member with several lots takes several "
    "lines. The request body's limit (MAX_BODY_BYTES) applies.",
    "ImportMembersInput.dryRun": "Check every row (profile fields, tier names, lots) and write "
    "nothing.",
    "ImportMemberInput.externalId": "The member's id in your system: an existing member with it "
    "is updated, not duplicated.",
    "ImportMemberInput.displayName": "The member's name; omitted or empty: left as it is.",
    "ImportMemberInput.phone": "Digits, optionally with a leading +; imported as unverified.",
    "ImportMemberInput.email": "Imported as unverified.",
    "ImportMemberInput.birthday": "A past date, for birthday rules.",
    "ImportMemberInput.tier": "The name of one of your tiers, the member's tier in your previous "
    "system; omitted: the tier their points earn here.",
    "ImportMemberInput.tierUntil": "How long the imported tier holds whatever the member's "
    "progress (later, qualification decides); default a year from the import.",
    "ImportMemberInput.lots": "The opening balance, as lots: each keeps its own expiry.",
    "OpeningLotInput.points": "Points in this lot, 1 or more.",
    "OpeningLotInput.expiresAt": "When this lot expires (in the future); null: the merchant's "
    "expiry policy.",
    "StartSegmentActionInput.segment": "Whom the action reaches.",
    "StartSegmentActionInput.action": "What each member gets.",
    "StartSegmentActionInput.dryRun": "Resolve and count the segment, check each member (and "
    "the reward's stock as it would run down), and move nothing.",
    "SegmentInput.atRisk": "The members atRiskMembers lists for these arguments (active ones).",
    "SegmentInput.filter": "An explicit filter over your active members.",
    "AtRiskSegmentInput.inactiveDays": "Neither earned nor spent for this many days (1-3660).",
    "AtRiskSegmentInput.minBalance": "Holding at least this many points.",
    "MemberFilterInput.externalIds": "Only these members (at most 10,000 ids).",
    "MemberFilterInput.tierIds": "Only members in one of these tiers (their effective tier, an "
    "override included).",
    "MemberFilterInput.minBalance": "Only members with at least this many available points.",
    "MemberFilterInput.maxBalance": "Only members with at most this many available points.",
    "MemberFilterInput.inactiveDays": "Only members whose wallet has seen no activity for this "
    "many days.",
    "MemberFilterInput.joinedAfter": "Only members who joined at or after this time.",
    "MemberFilterInput.joinedBefore": "Only members who joined before this time.",
    "SegmentActionInput.awardPoints": "Award points to each member.",
    "SegmentActionInput.grantReward": "Grant a reward to each member.",
    "SegmentPointsInput.amount": "Points for each member, 1 or more.",
    "SegmentPointsInput.reason": "Why, 1-500 characters: in each member's history.",
    "SegmentPointsInput.expiresAt": "When these points expire (in the future); null: the "
    "merchant's expiry policy.",
    "SegmentRewardInput.rewardId": "An ACTIVE reward; one unit of its stock per member.",
    "SegmentRewardInput.reason": "Why, 1-500 characters: on each order's history.",
}
