"""Fixed-window request budgets in Redis: N requests per caller per minute.

One script call per request: INCR the window's counter and give it an expiry the first time.
"""

from __future__ import annotations

import time

from redis.asyncio import Redis

WINDOW_SECONDS = 60
_COUNT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class RateLimiter:
    def __init__(self, redis: Redis) -> None:
        self._count = redis.register_script(_COUNT)

    async def spend(self, key: str, limit: int) -> int | None:
        """Count one request against `key`; the seconds to wait when over `limit`, else None."""
        now = int(time.time())
        window = now - now % WINDOW_SECONDS
        count = await self._count(keys=[f"{key}:{window}"], args=[WINDOW_SECONDS * 2])
        if int(count) <= limit:
            return None
        return window + WINDOW_SECONDS - now
