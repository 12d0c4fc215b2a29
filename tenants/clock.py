"""The merchant's time zone, which every calendar rule counts days in (check-ins, daily limits
and caps, leaderboard weeks and months, yearly clearing, analytics), and its locale, whose
region reads phone numbers written without a country code.

Read on many paths (a draw, a redemption, a transfer), so each process remembers them for 30 s;
the process that changes one forgets it at once (`forget`), others within that time.
"""

from __future__ import annotations

import time
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from tenants.errors import TenancyError, TenancyErrorCode
from tenants.models import Tenant

DEFAULT_TIME_ZONE = "Asia/Shanghai"
DEFAULT_LOCALE = "zh-CN"
TTL_SECONDS = 30.0

_local: dict[UUID, tuple[float, ZoneInfo, str]] = {}


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
    return (await _local_of(tenant_id))[1]


async def locale_of(tenant_id: UUID) -> str:
    """The tenant's locale (BCP 47, e.g. zh-CN)."""
    return (await _local_of(tenant_id))[2]


async def phone_region_of(tenant_id: UUID) -> str | None:
    """The region a phone number without a country code is read in: the locale's (zh-CN: CN);
    None when the locale names none (such numbers then need their +country code)."""
    parts = (await locale_of(tenant_id)).split("-")
    return parts[-1].upper() if len(parts) > 1 and len(parts[-1]) == 2 else None


async def _local_of(tenant_id: UUID) -> tuple[float, ZoneInfo, str]:
    now = time.monotonic()
    cached = _local.get(tenant_id)
    if cached is not None and now - cached[0] < TTL_SECONDS:
        return cached
    rows = await Tenant.filter(id=tenant_id).values_list("time_zone", "locale")
    zone, locale = (
        (str(rows[0][0]), str(rows[0][1])) if rows else (DEFAULT_TIME_ZONE, DEFAULT_LOCALE)
    )
    _local[tenant_id] = (now, ZoneInfo(zone), locale)
    return _local[tenant_id]


def forget(tenant_id: UUID) -> None:
    _local.pop(tenant_id, None)


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
