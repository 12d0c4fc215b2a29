"""The Redis client. Redis holds caches and counters only: losing it loses no points.

`REDIS_URL` names one server, or a Redis Cluster when it says `cluster=true`
(`redis://node-1:6379/0?cluster=true`: any node; the client learns the others). Every key
carries a hash tag: a tenant's keys `{t:<tenant>}` (`tenant_key`), so one tenant's leaderboards
and rate limit share a slot and the multi-key work on them (a rebuild's transaction) stays on
one node; the platform's own counters `{p}` (`platform_key`); and persisted queries their
document's digest, so the cache spreads over the cluster. Every Lua script touches one key.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from redis.asyncio import Redis, RedisCluster

# Redis answers in well under a millisecond; a Redis that hangs must not hang requests with it.
TIMEOUT_SECONDS = 0.5

# One client type for both: the commands the app uses are the same on a cluster.
RedisClient = Redis | RedisCluster


def connect_redis(url: str) -> RedisClient:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    cluster = query.pop("cluster", "").lower() in {"1", "true", "yes"}
    plain = urlunsplit(parts._replace(query=urlencode(query)))
    if cluster:
        # A cluster has only database 0; the path's number, if any, is not sent.
        return RedisCluster.from_url(
            urlunsplit(parts._replace(query="", path="")),
            decode_responses=True,
            socket_timeout=TIMEOUT_SECONDS,
            socket_connect_timeout=TIMEOUT_SECONDS,
        )
    return Redis.from_url(
        plain,
        decode_responses=True,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
    )


def tenant_key(tenant_id: object, *parts: object) -> str:
    """A key with the tenant as Redis Cluster hash tag, so one tenant's keys share a slot."""
    return ":".join([f"{{t:{tenant_id}}}", *(str(part) for part in parts)])


def platform_key(*parts: object) -> str:
    """A key of the platform's own (login and sign-up throttles), under the platform's tag."""
    return ":".join(["{p}", *(str(part) for part in parts)])


_shared: list[RedisClient] = []


def share(client: RedisClient) -> None:
    """Make `client` the process's Redis for code that has no request at hand (the ledger's
    leaderboards); the API and the worker call it at start-up."""
    _shared[:] = [client]


def shared() -> RedisClient | None:
    return _shared[0] if _shared else None
