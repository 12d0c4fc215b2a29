"""Who is calling: the principal every request is authorized against."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from tenants.roles import ApiScope, StaffRole


@dataclass(frozen=True)
class Anonymous:
    """No credentials: may sign up and log in, nothing else."""


@dataclass(frozen=True)
class StaffPrincipal:
    tenant_id: UUID
    staff_id: UUID
    role: StaffRole
    session_family: UUID


@dataclass(frozen=True)
class MemberPrincipal:
    tenant_id: UUID
    member_id: UUID
    rate_limit_per_minute: int | None


@dataclass(frozen=True)
class ApiKeyPrincipal:
    tenant_id: UUID
    key_id: UUID
    scopes: frozenset[ApiScope]
    rate_limit_per_minute: int | None


@dataclass(frozen=True)
class OperatorPrincipal:
    operator_id: UUID
    session_id: UUID


Principal = Anonymous | StaffPrincipal | MemberPrincipal | ApiKeyPrincipal | OperatorPrincipal
TenantPrincipal = StaffPrincipal | MemberPrincipal | ApiKeyPrincipal
