"""The base of every expected failure a domain reports to its caller."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class DomainError(Exception):
    """An expected refusal: the GraphQL layer turns it into a `userErrors` entry.

    `code` is a member of the domain's own `StrEnum`, named by the subclass's `codes`; `field`
    names the input field at fault.
    """

    codes: ClassVar[type[StrEnum]]

    def __init__(self, code: StrEnum, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
