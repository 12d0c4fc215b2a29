"""Which failures are outages (503, retry) and which are bugs (masked 500)."""

from __future__ import annotations

import asyncpg
import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from tortoise.exceptions import OperationalError

from app.core.outages import is_outage


def _caused_by(cause: BaseException) -> OperationalError:
    try:
        raise OperationalError("wrapped") from cause
    except OperationalError as wrapped:
        return wrapped


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.CannotConnectNowError("the database system is starting up"),
        asyncpg.TooManyConnectionsError("too many clients"),
        asyncpg.InterfaceError("connection is closed"),
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError(),
        RedisConnectionError("Connection refused."),
        _caused_by(asyncpg.AdminShutdownError("terminating connection")),
    ],
    ids=lambda error: type(error).__name__,
)
def test_unreachable_services_are_outages(error: BaseException) -> None:
    assert is_outage(error)


@pytest.mark.parametrize(
    "error",
    [
        None,
        ValueError("a bug"),
        asyncpg.UniqueViolationError("duplicate key"),
        asyncpg.QueryCanceledError("statement timeout"),
        _caused_by(asyncpg.CheckViolationError("wallet below zero")),
    ],
    ids=lambda error: type(error).__name__,
)
def test_bugs_and_refusals_are_not_outages(error: BaseException | None) -> None:
    assert not is_outage(error)
