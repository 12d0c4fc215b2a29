"""Credential abuse: failed logins counted per email and per client address; sign-ups and
failed refreshes per client address.

An email that fails MAX_PER_EMAIL times, or an address that fails MAX_PER_ADDRESS times, within
the window is refused until the window (counted from its first failure) has passed, with the
seconds to wait; the right password included. Unknown and known emails are counted and refused
alike, and refused before any password hash runs, so neither the answer nor its time tells
whether an email exists. A success clears its email's count. Emails are kept only as hashes.

Every sign-up attempt counts against its address (`sign_ups_per_address`, 10 by default:
each costs a password hash and creates a tenant), and so does every refresh token refused
(MAX_BAD_REFRESHES_PER_ADDRESS: guessing tokens); good refreshes do not, so the people behind
one office's address are never locked out of their sessions.

Counted in Redis (INCR + EXPIRE), so every pod sees the same counts; when Redis does not answer,
in this process (the same windows, per pod), as the rate limiter does.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import TypeVar

from redis.exceptions import RedisError

from app.core.redis import RedisClient, platform_key
from app.core.validation import normalize_email
from tenants.errors import TenancyError, TenancyErrorCode

MAX_PER_EMAIL = 5
MAX_PER_ADDRESS = 30
MAX_BAD_REFRESHES_PER_ADDRESS = 30
T = TypeVar("T")
_COUNT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('TTL', KEYS[1])}
"""
_PEEK = "return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('TTL', KEYS[1])}"


class TooManyAttemptsError(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many failed attempts; try again in {retry_after} s.")
        self.retry_after = retry_after


@dataclass
class _Local:
    counts: dict[str, tuple[int, float]]


class LoginThrottle:
    def __init__(
        self, redis: RedisClient | None, window_seconds: int, sign_ups_per_address: int = 10
    ) -> None:
        self.window = window_seconds
        self.sign_ups_per_address = sign_ups_per_address
        self._redis = redis
        self._count = redis.register_script(_COUNT) if redis else None
        self._peek = redis.register_script(_PEEK) if redis else None
        self._local = _Local({})

    async def guarded(self, email: str, address: str, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run `attempt` (a login) unless the email or the address is locked out; count its
        INVALID_CREDENTIALS failure, clear the email on success. TooManyAttemptsError else."""
        keys = {
            self._email_key(email): MAX_PER_EMAIL,
            platform_key("login", "addr", address): MAX_PER_ADDRESS,
        }
        result = await self._limited(keys, attempt, TenancyErrorCode.INVALID_CREDENTIALS)
        await self._clear(self._email_key(email))
        return result

    async def sign_up(self, address: str, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run `attempt` (a sign-up) unless the address has made too many; each one counts."""
        key = platform_key("signup", "addr", address)
        count, ttl = await self._read(key, add=True)
        if count > self.sign_ups_per_address:
            raise TooManyAttemptsError(max(ttl, 1))
        return await attempt()

    async def refresh(self, address: str, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run `attempt` (a refresh) unless the address has presented too many bad tokens."""
        keys = {platform_key("refresh", "addr", address): MAX_BAD_REFRESHES_PER_ADDRESS}
        return await self._limited(keys, attempt, TenancyErrorCode.INVALID_REFRESH_TOKEN)

    async def _limited(
        self, keys: dict[str, int], attempt: Callable[[], Awaitable[T]], failure: TenancyErrorCode
    ) -> T:
        """`attempt` unless a key has reached its limit; a `failure` counts against every key."""
        for key, limit in keys.items():
            count, ttl = await self._read(key, add=False)
            if count >= limit:
                raise TooManyAttemptsError(max(ttl, 1))
        try:
            return await attempt()
        except TenancyError as error:
            if error.code is failure:
                for key in keys:
                    await self._read(key, add=True)
            raise

    def _email_key(self, email: str) -> str:
        digest = hashlib.sha256(normalize_email(email).encode("utf-8", "replace")).hexdigest()
        return platform_key("login", "email", digest)

    async def _read(self, key: str, add: bool) -> tuple[int, int]:
        script = self._count if add else self._peek
        if script is not None:
            with suppress(RedisError):  # counted in this process while Redis is away
                count, ttl = await script(keys=[key], args=[self.window] if add else [])
                return int(count), int(ttl)
        return self._local_read(key, add)

    def _local_read(self, key: str, add: bool) -> tuple[int, int]:
        now = time.monotonic()
        count, ends = self._local.counts.get(key, (0, now + self.window))
        if ends <= now:
            count, ends = 0, now + self.window
        if add:
            count += 1
            self._local.counts[key] = (count, ends)
        return count, int(ends - now) + 1

    async def _clear(self, key: str) -> None:
        self._local.counts.pop(key, None)
        if self._redis is not None:
            with suppress(RedisError):
                await self._redis.delete(key)
