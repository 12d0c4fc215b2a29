"""Points mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.ledger import policy
from schema.ledger.mutations import award_points, deduct_points, transfer_points

IDEMPOTENT = (
    " Idempotent by `idempotencyKey` (scoped to the caller): a repeat returns the first "
    "answer with `replayed: true`."
)


@strawberry.type
class LedgerMutations:
    award_points = strawberry.mutation(
        resolver=award_points.resolve,
        description="Give a member points, as a lot that expires by the merchant's policy (or "
        "`expiresAt`). ADMIN or OWNER, or an API key with POINTS_WRITE. Errors: INVALID_AMOUNT, "
        "MEMBER_NOT_FOUND, MEMBER_BLOCKED, IDEMPOTENCY_KEY_REUSED." + IDEMPOTENT,
    )
    deduct_points = strawberry.mutation(
        resolver=deduct_points.resolve,
        description="Take points from a member, earliest-expiring first. ADMIN or OWNER, or "
        "POINTS_WRITE. Errors: INSUFFICIENT_POINTS, INVALID_AMOUNT, MEMBER_NOT_FOUND, "
        "IDEMPOTENCY_KEY_REUSED." + IDEMPOTENT,
    )
    transfer_points = strawberry.mutation(
        resolver=transfer_points.resolve,
        description="Move points between two members; the points keep their expiry. Only when "
        "the merchant's policy allows it. A member token sends its own points within the daily "
        "cap; staff (ADMIN+) and POINTS_WRITE keys name `fromMemberId`. Errors: "
        "TRANSFERS_DISABLED, DAILY_CAP_REACHED, INSUFFICIENT_POINTS, SAME_MEMBER, "
        "MEMBER_NOT_FOUND." + IDEMPOTENT,
    )
    update_points_policy = strawberry.mutation(
        resolver=policy.update_points_policy,
        description="Set how points expire and whether members may transfer them. ADMIN or "
        "OWNER. Applies to points earned from now on. Errors: INVALID_POLICY.",
    )
