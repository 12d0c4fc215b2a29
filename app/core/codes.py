"""Codes people read aloud and type in: service vouchers and generated coupon codes."""

from __future__ import annotations

import secrets

# No 0/O or 1/I, which people misread. 32**12 codes: collisions are not a practical concern.
READABLE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def readable_code(length: int = 12) -> str:
    return "".join(secrets.choice(READABLE_ALPHABET) for _ in range(length))
