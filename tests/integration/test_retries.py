"""Retrying belongs to the outermost transaction: nested, a deadlock goes up at once."""

from __future__ import annotations

import asyncpg
import pytest
from starlette.applications import Starlette

from app.core.db import platform_scope, with_retries
from tests.unit.core.test_retries import Flaky


async def test_a_deadlock_inside_an_open_transaction_is_not_retried_there(app: Starlette) -> None:
    # given work that deadlocks once, run inside a transaction someone else opened
    work = Flaky(asyncpg.DeadlockDetectedError("deadlock detected"), failures=1)

    # then it runs once and the deadlock reaches the transaction's owner, who retries it whole
    with pytest.raises(asyncpg.DeadlockDetectedError):
        async with platform_scope():
            await with_retries(work)
    assert work.calls == 1
    assert await with_retries(work) == "done"
    assert work.calls == 2
