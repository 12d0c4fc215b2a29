"""Fixed-window request budgets in Redis: N requests per caller per minute."""

from __future__ import annotations

import time

from redis.asyncio import Redis

WINDOW_SECONDS = 60


async def spend(redis: Redis, key: str, limit: int) -> int | None:
    """Count one request against `key`; the seconds to wait when over `limit`, else None."""
    now = int(time.time())
    window = now - now % WINDOW_SECONDS
    bucket = f"{key}:{window}"
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(bucket)
        pipe.expire(bucket, WINDOW_SECONDS * 2)
        count, _ = await pipe.execute()
    if int(count) <= limit:
        return None
    return window + WINDOW_SECONDS - now
