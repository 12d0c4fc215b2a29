"""Fixed-window request budgets: N requests per caller per minute, counted in Redis.

One script call per request: INCR the window's counter and give it an expiry the first time.
When Redis does not answer, the same windows are counted in this process instead (logged when
it starts and ends, and counted in pointsmall_rate_limit_fallback): with P pods a caller may
then get up to P times its budget, which is better than refusing everyone or no one. Nothing
persists across the switch; the windows are a minute long.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict

from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.core.metrics import RATE_LIMIT_FALLBACK

logger = logging.getLogger("pointsmall.ratelimit")
WINDOW_SECONDS = 60
_COUNT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class LocalWindows:
    """The in-process counters: this window's counts per key (older windows are dropped)."""

    def __init__(self) -> None:
        self.window = 0
        self.counts: defaultdict[str, int] = defaultdict(int)

    def count(self, key: str, window: int) -> int:
        if window != self.window:
            self.window, self.counts = window, defaultdict(int)
        self.counts[key] += 1
        return self.counts[key]


class RateLimiter:
    def __init__(self, redis: Redis) -> None:
        self._count = redis.register_script(_COUNT)
        self._local = LocalWindows()
        self._degraded = False

    async def spend(self, key: str, limit: int) -> int | None:
        """Count one request against `key`; the seconds to wait when over `limit`, else None."""
        now = int(time.time())
        window = now - now % WINDOW_SECONDS
        count = await self._counted(key, window)
        if count <= limit:
            return None
        return window + WINDOW_SECONDS - now

    async def _counted(self, key: str, window: int) -> int:
        try:
            count = int(await self._count(keys=[f"{key}:{window}"], args=[WINDOW_SECONDS * 2]))
        except RedisError as error:
            if not self._degraded:
                logger.warning("Redis did not answer (%r): rate limits counted in-process", error)
                self._degraded = True
            RATE_LIMIT_FALLBACK.inc()
            return self._local.count(key, window)
        if self._degraded:
            logger.warning("Redis answers again: rate limits counted in Redis")
            self._degraded = False
        return count
