"""Shape checks shared by every domain's input validation."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
MAX_EMAIL_LENGTH = 254


def normalize_email(email: str) -> str:
    return email.strip().lower()


def is_email(email: str) -> bool:
    return len(email) <= MAX_EMAIL_LENGTH and _EMAIL.match(email) is not None
