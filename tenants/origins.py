"""The origins a merchant lets browsers call the API from (its H5 mall, its apps), and whether a
request's origin is allowed (CORS is answered in `schema/http/cors.py`).

An origin is a scheme, a host and an optional port (`https://m.shop.example`), exactly as a
browser sends it in `Origin`: https, or http for the local machine only (development). What
a process read is remembered for `TTL` seconds (and forgotten at once when this process
changes a merchant's list), so a change reaches other processes within that time.
"""

from __future__ import annotations

import re
import time
from uuid import UUID

from tortoise.connection import get_connection

from app.core.db import tenant_scope, with_retries
from tenants.errors import TenancyError, TenancyErrorCode
from tenants.principals import StaffPrincipal

MAX_ORIGINS = 20
TTL = 30.0
_ORIGIN = re.compile(
    r"^(?P<scheme>https?)://(?P<host>[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
    r"|\[[0-9a-f:]+\])(:(?P<port>[0-9]{1,5}))?$"
)
_LOCAL = frozenset({"localhost", "127.0.0.1", "[::1]"})


def normalized_origin(text: str) -> str:
    """`text` as a browser's `Origin` would say it; TenancyError INVALID_INPUT when it is not
    one (a path, a wildcard, http to another machine)."""
    origin = text.strip().lower().removesuffix("/")
    match = _ORIGIN.match(origin)
    if match is None or len(origin) > 255:
        raise TenancyError(
            TenancyErrorCode.INVALID_INPUT,
            f"{text!r} is not an origin: scheme://host[:port], no path or wildcard.",
            "origins",
        )
    if match["scheme"] == "http" and match["host"] not in _LOCAL:
        raise TenancyError(
            TenancyErrorCode.INVALID_INPUT,
            f"{text!r}: only https origins (http for localhost in development).",
            "origins",
        )
    return origin


async def allowed_origins(tenant_id: UUID) -> list[str]:
    async with tenant_scope(tenant_id) as connection:
        rows = await connection.execute_query_dict(
            "SELECT origin FROM tenant_origin ORDER BY origin", []
        )
    return [row["origin"] for row in rows]


async def set_allowed_origins(actor: StaffPrincipal, origins: list[str]) -> list[str]:
    """Replace the merchant's origins with `origins` (normalised, duplicates dropped)."""
    wanted = sorted({normalized_origin(origin) for origin in origins})
    if len(wanted) > MAX_ORIGINS:
        raise TenancyError(
            TenancyErrorCode.INVALID_INPUT, f"At most {MAX_ORIGINS} origins.", "origins"
        )
    async with tenant_scope(actor.tenant_id) as connection:
        await connection.execute_query(
            "DELETE FROM tenant_origin WHERE tenant_id = $1", [actor.tenant_id]
        )
        await connection.execute_query(
            "INSERT INTO tenant_origin (tenant_id, origin) SELECT $1, unnest($2::text[])",
            [actor.tenant_id, wanted],
        )
    ORIGINS.forget()
    return wanted


class OriginCache:
    """Per process: each tenant's origins, and whether any tenant allows an origin."""

    def __init__(self) -> None:
        self._tenants: dict[UUID, tuple[frozenset[str], float]] = {}
        self._known: dict[str, tuple[bool, float]] = {}

    def forget(self) -> None:
        self._tenants.clear()
        self._known.clear()

    async def tenant_allows(self, tenant_id: UUID, origin: str) -> bool:
        found = self._tenants.get(tenant_id)
        if found is None or found[1] < time.monotonic():
            read = await with_retries(lambda: allowed_origins(tenant_id), idempotent=True)
            origins = frozenset(read)
            found = (origins, time.monotonic() + TTL)
            self._tenants[tenant_id] = found
        return origin in found[0]

    async def any_tenant_allows(self, origin: str) -> bool:
        found = self._known.get(origin)
        if found is None or found[1] < time.monotonic():
            if len(self._known) > 10_000:
                self._known.clear()
            known = await with_retries(lambda: _known(origin), idempotent=True)
            found = (known, time.monotonic() + TTL)
            self._known[origin] = found
        return found[0]


async def _known(origin: str) -> bool:
    rows = await get_connection("default").execute_query_dict(
        "SELECT cors_origin_known($1) AS known", [origin]
    )
    return bool(rows[0]["known"])


ORIGINS = OriginCache()
