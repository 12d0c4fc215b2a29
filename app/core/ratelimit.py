"""Fixed-window request budgets: N requests per caller per minute, counted in Redis.

One script call (INCRBY the window's counter, with an expiry the first time) per request near
the limit; far from it, a process counts locally and adds its count to Redis once it reaches a
sixteenth of what was left at its last look (`SPREAD`), so 16 processes together cannot pass
the limit between two looks, and a caller far below its budget costs no round trip. When Redis
does not answer, the same windows are counted in this process instead (logged when
it starts and ends, and counted in pointsmall_rate_limit_fallback): with P pods a caller may
then get up to P times its budget, which is better than refusing everyone or no one. Nothing
persists across the switch; the windows are a minute long.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict

from redis.exceptions import RedisError

from app.core.metrics import RATE_LIMIT_FALLBACK
from app.core.redis import RedisClient

logger = logging.getLogger("pointsmall.ratelimit")
WINDOW_SECONDS = 60
# Local counting stops at this fraction of what was left of the budget at the last look.
SPREAD = 16
_COUNT = """
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class LocalWindows:
    """The in-process counters: this window's counts per key (older windows are dropped)."""

    def __init__(self) -> None:
        self.window = 0
        self.counts: defaultdict[str, int] = defaultdict(int)

    def count(self, key: str, window: int, n: int = 1) -> int:
        if window != self.window:
            self.window, self.counts = window, defaultdict(int)
        self.counts[key] += n
        return self.counts[key]


class Leases:
    """Per key, this window: the shared count at the last look, and requests counted here
    since."""

    def __init__(self) -> None:
        self.window = 0
        self.seen: dict[str, tuple[int, int]] = {}

    def take(self, key: str, window: int, limit: int) -> bool:
        """Count one request locally if the key is far enough from `limit`."""
        if window != self.window:
            self.window, self.seen = window, {}
        # Unseen this window: count from zero (16 processes doing so stay within the limit).
        known, unsynced = self.seen.get(key, (0, 0))
        if unsynced + 1 >= max(1, (limit - known) // SPREAD):
            return False
        self.seen[key] = (known, unsynced + 1)
        return True

    def unsynced(self, key: str) -> int:
        return self.seen.get(key, (0, 0))[1]

    def looked(self, key: str, count: int) -> None:
        self.seen[key] = (count, 0)


class RateLimiter:
    def __init__(self, redis: RedisClient) -> None:
        self._count = redis.register_script(_COUNT)
        self._local = LocalWindows()
        self._leases = Leases()
        self._degraded = False

    async def spend(self, key: str, limit: int) -> int | None:
        """Count one request against `key`; the seconds to wait when over `limit`, else None."""
        now = int(time.time())
        window = now - now % WINDOW_SECONDS
        if self._leases.take(key, window, limit):
            return None
        count = await self._counted(key, window, self._leases.unsynced(key) + 1)
        self._leases.looked(key, count)
        if count <= limit:
            return None
        return window + WINDOW_SECONDS - now

    async def _counted(self, key: str, window: int, n: int) -> int:
        try:
            count = int(await self._count(keys=[f"{key}:{window}"], args=[WINDOW_SECONDS * 2, n]))
        except RedisError as error:
            if not self._degraded:
                logger.warning("Redis did not answer (%r): rate limits counted in-process", error)
                self._degraded = True
            RATE_LIMIT_FALLBACK.inc()
            return self._local.count(key, window, n)
        if self._degraded:
            logger.warning("Redis answers again: rate limits counted in Redis")
            self._degraded = False
        return count
