"""Who may do what: staff roles ranked by power, API key scopes, principal kinds."""

from __future__ import annotations

from enum import StrEnum


class StaffRole(StrEnum):
    OWNER = "OWNER"
    ADMIN = "ADMIN"
    STAFF = "STAFF"
    VIEWER = "VIEWER"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def at_least(self, other: StaffRole) -> bool:
        return self.rank >= other.rank


_RANKS = {StaffRole.VIEWER: 0, StaffRole.STAFF: 1, StaffRole.ADMIN: 2, StaffRole.OWNER: 3}


class ApiScope(StrEnum):
    """What a merchant's backend may do with an API key."""

    MEMBERS_READ = "MEMBERS_READ"
    MEMBERS_WRITE = "MEMBERS_WRITE"
    MEMBER_TOKENS = "MEMBER_TOKENS"
    POINTS_READ = "POINTS_READ"
    POINTS_WRITE = "POINTS_WRITE"
    PURCHASES_WRITE = "PURCHASES_WRITE"
    EVENTS_WRITE = "EVENTS_WRITE"


class TenantStatus(StrEnum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
