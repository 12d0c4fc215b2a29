"""Picking a prize from a seed, deterministically (pure), so any draw can be re-derived.

roll = SHA-256(seed || draw id) as an integer, modulo the total weight of the prizes in play
(those with stock left), walked in the order stored with the draw.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from uuid import UUID


def roll_of(seed: str, draw_id: UUID, total: int) -> int:
    digest = hashlib.sha256(bytes.fromhex(seed) + draw_id.bytes).digest()
    return int.from_bytes(digest, "big") % total


def pick(weights: Sequence[tuple[UUID, int]], roll: int) -> UUID:
    """The prize whose cumulative weight range holds `roll` (0 <= roll < total)."""
    for prize_id, weight in weights:
        if roll < weight:
            return prize_id
        roll -= weight
    raise ValueError("roll beyond the total weight")
