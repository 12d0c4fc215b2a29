"""The background queue as operators see it."""

from __future__ import annotations

import strawberry


@strawberry.type(description="How many jobs of one task are in one status.")
class JobCount:
    task: str
    status: str = strawberry.field(
        description="todo, doing, succeeded, failed (after its retries), cancelled, aborted."
    )
    count: int
