from __future__ import annotations

import asyncpg
import pytest

from app.core.db import MAX_ATTEMPTS, with_retries


class Flaky:
    """Fails with `error` a given number of times, then answers."""

    def __init__(self, error: Exception, failures: int) -> None:
        self.error = error
        self.failures = failures
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return "done"


async def test_deadlocks_are_retried_until_the_work_succeeds() -> None:
    work = Flaky(asyncpg.DeadlockDetectedError("deadlock detected"), failures=MAX_ATTEMPTS - 1)
    assert await with_retries(work) == "done"
    assert work.calls == MAX_ATTEMPTS


async def test_retries_are_bounded() -> None:
    work = Flaky(asyncpg.SerializationError("could not serialize"), failures=MAX_ATTEMPTS)
    with pytest.raises(asyncpg.SerializationError):
        await with_retries(work)
    assert work.calls == MAX_ATTEMPTS


async def test_other_errors_are_not_retried() -> None:
    work = Flaky(asyncpg.UniqueViolationError("duplicate key"), failures=1)
    with pytest.raises(asyncpg.UniqueViolationError):
        await with_retries(work)
    assert work.calls == 1
