"""Validation of member profile fields (pure)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.core.phones import e164
from app.core.validation import is_email, normalize_email
from app.members.errors import MemberError, MemberErrorCode

MAX_EXTERNAL_ID = 128
MAX_DISPLAY_NAME = 200
MAX_ATTRIBUTES_BYTES = 8192
MAX_ATTRIBUTE_KEYS = 50


def _invalid(field: str, message: str) -> MemberError:
    return MemberError(MemberErrorCode.INVALID_INPUT, message, field)


def clean_external_id(external_id: str) -> str:
    external_id = external_id.strip()
    if not 1 <= len(external_id) <= MAX_EXTERNAL_ID:
        raise _invalid("externalId", f"External id must be 1-{MAX_EXTERNAL_ID} characters.")
    return external_id


@dataclass(frozen=True)
class Context:
    """What checking a profile needs: today (birthdays), the merchant's phone region."""

    today: date
    region: str | None


def clean_profile(
    changes: Mapping[str, Any], today: date, region: str | None = None
) -> dict[str, Any]:
    """Validated, normalised column values for the given profile fields (None clears one). A
    new phone or email is unverified unless the same change says it was verified. Phones are
    stored as E.164, read in `region` when they have no country code."""
    context = Context(today, region)
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        cleaned[name] = _CLEARED.get(name) if value is None else _CLEANERS[name](value, context)
    for contact in ("phone", "email"):
        if contact in cleaned and f"{contact}_verified" not in cleaned:
            cleaned[f"{contact}_verified"] = False
    return cleaned


def _email(value: str, _: Context) -> str:
    email = normalize_email(value)
    if not is_email(email):
        raise _invalid("email", "Not a valid email address.")
    return email


def _phone(value: str, context: Context) -> str:
    phone = e164(value, context.region)
    if phone is None:
        where = f" in {context.region}" if context.region else " (give its +country code)"
        raise _invalid("phone", f"Not a valid phone number{where}.")
    return phone


def _display_name(value: str, _: Context) -> str:
    name = value.strip()
    if len(name) > MAX_DISPLAY_NAME:
        raise _invalid(
            "displayName", f"Display name must be at most {MAX_DISPLAY_NAME} characters."
        )
    return name


def _birthday(value: date, context: Context) -> date:
    today = context.today
    if value > today or value.year < today.year - 130:
        raise _invalid("birthday", "Birthday must be a past date within 130 years.")
    return value


def _attributes(value: Any, _: Context) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _invalid("attributes", "Attributes must be a JSON object.")
    if len(value) > MAX_ATTRIBUTE_KEYS:
        raise _invalid("attributes", f"At most {MAX_ATTRIBUTE_KEYS} attributes.")
    if len(json.dumps(value, ensure_ascii=False).encode()) > MAX_ATTRIBUTES_BYTES:
        raise _invalid("attributes", f"Attributes must be at most {MAX_ATTRIBUTES_BYTES} bytes.")
    return value


# What a field becomes when the caller clears it (None for nullable columns).
_CLEARED: dict[str, Any] = {
    "display_name": "",
    "attributes": {},
    "phone_verified": False,
    "email_verified": False,
}

_CLEANERS: dict[str, Any] = {
    "email": _email,
    "phone": _phone,
    "display_name": _display_name,
    "birthday": _birthday,
    "attributes": _attributes,
    "phone_verified": lambda value, _: bool(value),
    "email_verified": lambda value, _: bool(value),
}
