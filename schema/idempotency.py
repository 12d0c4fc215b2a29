"""The optional idempotency key of create mutations, described once."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from app.core.idempotency import OptionalKey
from schema.context import Info
from schema.permissions import actor_of

CREATE_KEY = (
    "Optional: a retry with the same key creates nothing more and answers with the object the "
    "first call made (1-200 printable characters); the same key with a different request is "
    "IDEMPOTENCY_KEY_REUSED."
)

CreateKeyArgument = Annotated[str | None, strawberry.argument(description=CREATE_KEY)]


def create_key_field() -> Any:
    """An input field `idempotencyKey: String` holding the optional create key."""
    return strawberry.field(default=None, description=CREATE_KEY)


def keyed(info: Info, key: str | None) -> OptionalKey:
    """The caller's optional key, scoped to the caller."""
    return OptionalKey(key, actor_of(info))
