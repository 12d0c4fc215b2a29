"""Member mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.members.mutations import issue_member_token, set_member_status, upsert_member


@strawberry.type
class MemberMutations:
    upsert_member = strawberry.mutation(
        resolver=upsert_member.resolve,
        description="Create or update a member by the merchant's external id. Staff (STAFF+) or "
        "an API key with MEMBERS_WRITE. Safe to repeat. Errors: INVALID_INPUT.",
    )
    block_member = strawberry.mutation(
        resolver=set_member_status.block,
        description="Block a member: their tokens stop working. Staff (STAFF+) or MEMBERS_WRITE. "
        "Errors: NOT_FOUND, ALREADY_IN_STATE.",
    )
    unblock_member = strawberry.mutation(
        resolver=set_member_status.unblock,
        description="Unblock a member. Staff (STAFF+) or MEMBERS_WRITE. "
        "Errors: NOT_FOUND, ALREADY_IN_STATE.",
    )
    issue_member_token = strawberry.mutation(
        resolver=issue_member_token.resolve,
        description="Mint a member token for the merchant's member app. Staff (STAFF+) or an "
        "API key with MEMBER_TOKENS. Errors: NOT_FOUND, MEMBER_BLOCKED, INVALID_INPUT.",
    )
