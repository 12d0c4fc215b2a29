"""The merchant's own settings, changed by its owner: its name, locale (the language its member
mall speaks and the region phone numbers are read in), time zone, and the mall's branding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit
from uuid import UUID

from tenants.clock import forget, set_time_zone
from tenants.errors import TenancyError, TenancyErrorCode
from tenants.models import Tenant

LOCALE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
COLOR = re.compile(r"^#[0-9a-f]{6}$")
MAX_NAME = 200
MAX_URL = 500


@dataclass(frozen=True)
class TenantChanges:
    """Fields to change; None keeps one, "" clears an optional one (logo, colours)."""

    name: str | None = None
    locale: str | None = None
    time_zone: str | None = None
    logo_url: str | None = None
    primary_color: str | None = None
    accent_color: str | None = None


def _invalid(message: str, field: str) -> TenancyError:
    return TenancyError(TenancyErrorCode.INVALID_INPUT, message, field)


def checked(changes: TenantChanges) -> dict[str, str | None]:
    """The column values of the changes (the time zone apart), or INVALID_INPUT."""
    values: dict[str, str | None] = {}
    if changes.name is not None:
        name = changes.name.strip()
        if not 1 <= len(name) <= MAX_NAME:
            raise _invalid(f"Name must be 1-{MAX_NAME} characters.", "name")
        values["name"] = name
    if changes.locale is not None:
        if not LOCALE.match(changes.locale.strip()):
            raise _invalid("A locale like zh-CN, en-US or en.", "locale")
        values["locale"] = changes.locale.strip()
    if changes.logo_url is not None:
        url = changes.logo_url.strip()
        parts = urlsplit(url)
        if url and (parts.scheme != "https" or not parts.netloc or len(url) > MAX_URL):
            raise _invalid(f"An https:// URL of at most {MAX_URL} characters.", "logoUrl")
        values["logo_url"] = url or None
    for field, value in (("primary_color", changes.primary_color),
                         ("accent_color", changes.accent_color)):  # fmt: skip
        if value is not None:
            color = value.strip().lower()
            if color and not COLOR.match(color):
                name = "primaryColor" if field == "primary_color" else "accentColor"
                raise _invalid("A colour as #rrggbb, e.g. #c2410c.", name)
            values[field] = color or None
    return values


async def update_tenant(tenant_id: UUID, changes: TenantChanges) -> Tenant:
    """Apply the owner's changes (all or none: every field is checked first)."""
    values = checked(changes)
    if changes.time_zone is not None:
        await set_time_zone(tenant_id, changes.time_zone)
    if values:
        await Tenant.filter(id=tenant_id).update(**values)
        forget(tenant_id)
    return await Tenant.get(id=tenant_id)
