"""The Redis client. Redis holds caches and counters only: losing it loses no points."""

from __future__ import annotations

from redis.asyncio import Redis


def connect_redis(url: str) -> Redis:
    return Redis.from_url(url, decode_responses=True)


def tenant_key(tenant_id: object, *parts: object) -> str:
    """A key with the tenant as Redis Cluster hash tag, so one tenant's keys share a slot."""
    return ":".join([f"{{t:{tenant_id}}}", *(str(part) for part in parts)])
