"""Reading ids from the API."""

from __future__ import annotations

from uuid import UUID

import strawberry

NO_SUCH_ID = UUID(int=0)


def parse_id(value: strawberry.ID | str) -> UUID:
    """The UUID an id names; a malformed id becomes one that matches no row, so it is
    answered exactly like an unknown id (or another tenant's)."""
    try:
        return UUID(str(value))
    except ValueError:
        return NO_SUCH_ID
