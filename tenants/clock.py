"""The merchant's time zone, which every calendar rule counts days in (check-ins, daily limits
and caps, leaderboard weeks and months, yearly clearing, analytics).

Read on many paths (a draw, a redemption, a transfer), so each process remembers zones for 30 s;
the process that changes one forgets it at once (`forget`), others within that time.
"""

from __future__ import annotations

import time
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from tenants.errors import TenancyError, TenancyErrorCode
from tenants.models import Tenant

DEFAULT_TIME_ZONE = "Asia/Shanghai"
TTL_SECONDS = 30.0

_zones: dict[UUID, tuple[float, ZoneInfo]] = {}


def valid_time_zone(name: str) -> bool:
    """An IANA zone name (`Asia/Shanghai`, `America/New_York`, `UTC`)."""
    if name not in available_timezones() and name != "UTC":
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


async def zone_of(tenant_id: UUID) -> ZoneInfo:
    """The tenant's time zone; works in any scope (the tenant registry is platform data)."""
    now = time.monotonic()
    cached = _zones.get(tenant_id)
    if cached is not None and now - cached[0] < TTL_SECONDS:
        return cached[1]
    names = await Tenant.filter(id=tenant_id).values_list("time_zone", flat=True)
    zone = ZoneInfo(str(names[0]) if names else DEFAULT_TIME_ZONE)
    _zones[tenant_id] = (now, zone)
    return zone


def forget(tenant_id: UUID) -> None:
    _zones.pop(tenant_id, None)


async def set_time_zone(tenant_id: UUID, name: str) -> str:
    """The owner changes the merchant's time zone (from now on: days already counted stay)."""
    name = name.strip()
    if not valid_time_zone(name):
        raise TenancyError(
            TenancyErrorCode.INVALID_INPUT,
            "Not an IANA time zone (e.g. Asia/Shanghai).",
            "timeZone",
        )
    await Tenant.filter(id=tenant_id).update(time_zone=name)
    forget(tenant_id)
    return name
