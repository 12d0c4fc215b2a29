"""Member mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.members.mutations import (
    block_member,
    issue_member_token,
    unblock_member,
    upsert_member,
)


@strawberry.type
class MemberMutations:
    upsert_member = upsert_member.resolve
    block_member = block_member.resolve
    unblock_member = unblock_member.resolve
    issue_member_token = issue_member_token.resolve
