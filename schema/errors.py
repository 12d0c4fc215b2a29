"""Expected failures as data: every payload's `userErrors { field code message }`."""

from __future__ import annotations

from typing import Protocol, TypeVar

from app.core.errors import DomainError


class UserErrorType(Protocol):
    def __init__(self, *, field: str | None, code: object, message: str) -> None: ...


E = TypeVar("E", bound=UserErrorType)


def user_errors(error: DomainError, error_type: type[E]) -> list[E]:
    """The one-entry `userErrors` list a payload returns for a refused operation."""
    return [error_type(field=error.field, code=error.code, message=error.message)]
