"""What a member just did that earns (a purchase, a check-in, a task), for layers above earning
to act on in the same transaction (achievements, `app.engagement.achievements`), without
earning knowing them: they register a hook at start-up."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from app.core.hooks import Hooks


class Activity(StrEnum):
    PURCHASE = "PURCHASE"
    CHECK_IN = "CHECK_IN"
    EVENT = "EVENT"


# The rules an activity paid, each with its occasion (the unique key of its payment).
Paid = tuple[tuple[UUID, str], ...]
_activity: Hooks[[UUID, UUID, Activity, Paid]] = Hooks()

# Run `hook(tenant_id, member_id, activity, paid)` in the transaction of each such activity.
on_member_activity = _activity.register


async def one_at_a_time(member_id: UUID) -> None:
    """Take the member's activity lock for the rest of the transaction: a member's purchases,
    check-ins and tasks are then written one after the other, before any ledger lock, so each
    one's hooks see every earlier one committed (a goal of N events is seen reached by the Nth
    however many arrive at once)."""
    connection: BaseDBAsyncClient = connections.get("default")
    await connection.execute_query(
        "SELECT pg_advisory_xact_lock(hashtext('member_activity:' || $1::text))", [str(member_id)]
    )


async def member_did(tenant_id: UUID, member_id: UUID, activity: Activity, paid: Paid = ()) -> None:
    """Call in the activity's transaction, after it is written."""
    await _activity.run(tenant_id, member_id, activity, paid)
