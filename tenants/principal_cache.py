"""Principals remembered between requests, and forgotten the moment what they rest on changes.

`authenticate` checks a credential against the database (one statement per request). This
cache keeps what a credential resolved to, per process, for at most `TTL`, and forgets
everything when PostgreSQL says an authorization changed: triggers (migration 0041) on staff
roles and activity, revoked sessions and API keys, blocked members, tenants' status and rate
limits, and operators' sessions NOTIFY `pointsmall_auth` from the changing transaction, which
PostgreSQL delivers at its commit to every API process's listener. The process that made the
change forgets before it answers (`forget_all`, called after those mutations), so its own next
request is checked afresh; another process forgets when the notification arrives, within
milliseconds of the commit. While the listener is not connected nothing is cached, so a lost
notification cannot keep a revoked credential alive.

Hand-written: the cache is a dict with expiry, and the invalidation is PostgreSQL's own
LISTEN/NOTIFY on a connection of its own (asyncpg's `add_listener`).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from contextlib import suppress
from typing import Any

import asyncpg

from tenants.principals import Principal

logger = logging.getLogger(__name__)

CHANNEL = "pointsmall_auth"
# How long a principal may be answered from memory at most, notification or not.
TTL = 10.0
# Entries at most; past it the cache starts over (a few thousand active credentials fit).
SIZE = 10_000
RECONNECT_SECONDS = 1.0


class PrincipalCache:
    def __init__(self) -> None:
        self._entries: dict[bytes, tuple[Principal, float]] = {}
        self._listening = False
        # Bumped by every forgetting: a principal read before a change must not be kept after.
        self.generation = 0
        self._task: asyncio.Task[None] | None = None
        self._connection: asyncpg.Connection | None = None
        self._announcing = asyncio.Lock()  # one statement at a time on that connection

    @staticmethod
    def _key(credential: str) -> bytes:
        return hashlib.sha256(credential.encode()).digest()

    def get(self, credential: str) -> Principal | None:
        if not self._listening:
            return None
        found = self._entries.get(self._key(credential))
        if found is None or found[1] < time.monotonic():
            return None
        return found[0]

    def put(self, credential: str, principal: Principal, generation: int) -> None:
        """Keep `principal`, read from the database since `generation` was current."""
        if not self._listening or generation != self.generation:
            return
        if len(self._entries) >= SIZE:
            self._entries.clear()
        self._entries[self._key(credential)] = (principal, time.monotonic() + TTL)

    def forget_all(self) -> None:
        self.generation += 1
        self._entries.clear()

    async def announce(self) -> None:
        """Forget, and tell every other process to (NOTIFY on the listening connection, outside
        any transaction). The triggers say it too on one PostgreSQL; on Citus they cannot (a
        transaction that NOTIFYs cannot be prepared for two-phase commit, and a worker's
        NOTIFY reaches the worker's listeners), so there the mutations' own announcement is
        what reaches the other processes (app/core/citus.py turns the triggers off)."""
        self.forget_all()
        async with self._announcing:
            connection = self._connection
            if connection is not None and not connection.is_closed():
                with suppress(OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                    await connection.execute(f"NOTIFY {CHANNEL}")

    async def start(self, credentials: dict[str, Any]) -> None:
        """Listen for changes (reconnecting when the connection is lost) until `stop`; once
        per process."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._listen(credentials))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        self._listening = False
        self.forget_all()

    async def _listen(self, credentials: dict[str, Any]) -> None:
        while True:
            try:
                connection = await asyncpg.connect(**credentials)
            except (OSError, asyncpg.PostgresError) as exc:
                logger.warning("auth cache off: cannot listen for changes (%s)", exc)
                await asyncio.sleep(RECONNECT_SECONDS)
                continue
            lost = asyncio.Event()
            try:
                connection.add_termination_listener(lambda _, lost=lost: lost.set())
                await connection.add_listener(CHANNEL, lambda *_: self.forget_all())
                self._listening = True
                self._connection = connection
                await lost.wait()
                logger.warning("auth cache off: the listening connection was lost")
            finally:
                self._listening = False
                self._connection = None
                self.forget_all()
                await connection.close(timeout=1)


PRINCIPALS = PrincipalCache()
