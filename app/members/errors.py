"""Expected refusals of member management."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import DomainError


class MemberErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    NOT_FOUND = "NOT_FOUND"
    ALREADY_IN_STATE = "ALREADY_IN_STATE"
    MEMBER_BLOCKED = "MEMBER_BLOCKED"


class MemberError(DomainError):
    """A refused member operation; nothing was changed."""

    codes = MemberErrorCode
