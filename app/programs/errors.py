"""Expected refusals of programme documents."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


class ProgramErrorCode(StrEnum):
    INVALID_DOCUMENT = "INVALID_DOCUMENT"
    UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION"


class ProgramError(DomainError):
    """A refused programme document; nothing was changed."""

    codes = ProgramErrorCode
