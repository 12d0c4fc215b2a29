"""Authorization: each resolver names who may call it; refusals go to `errors`, not payloads."""

from __future__ import annotations

from uuid import UUID

from graphql import GraphQLError

from schema.context import Info
from tenants.principals import (
    ApiKeyPrincipal,
    MemberPrincipal,
    OperatorPrincipal,
    StaffPrincipal,
    TenantPrincipal,
)
from tenants.roles import ApiScope, StaffRole


class NotAllowedError(GraphQLError):
    """Authenticated, or not, but not allowed to do this. Never masked."""

    def __init__(self, message: str, code: str = "FORBIDDEN") -> None:
        super().__init__(message, extensions={"code": code})


def _unauthenticated() -> NotAllowedError:
    return NotAllowedError("Authentication required.", "UNAUTHENTICATED")


def require_staff(info: Info, role: StaffRole = StaffRole.VIEWER) -> StaffPrincipal:
    principal = info.context.principal
    if not isinstance(principal, StaffPrincipal):
        raise _unauthenticated() if _is_anonymous(info) else NotAllowedError("Staff only.")
    if not principal.role.at_least(role):
        raise NotAllowedError(f"Needs the {role} role or higher.")
    return principal


def require_operator(info: Info) -> OperatorPrincipal:
    principal = info.context.principal
    if not isinstance(principal, OperatorPrincipal):
        raise _unauthenticated() if _is_anonymous(info) else NotAllowedError("Operators only.")
    return principal


def require_signed_in(info: Info) -> None:
    """Anyone but an anonymous caller."""
    if _is_anonymous(info):
        raise _unauthenticated()


def require_member(info: Info) -> MemberPrincipal:
    principal = info.context.principal
    if not isinstance(principal, MemberPrincipal):
        raise _unauthenticated() if _is_anonymous(info) else NotAllowedError("Members only.")
    return principal


def require_merchant(info: Info, role: StaffRole, scope: ApiScope) -> UUID:
    """The tenant of a staff user with at least `role`, or of an API key with `scope`."""
    principal = info.context.principal
    if isinstance(principal, ApiKeyPrincipal):
        if scope not in principal.scopes:
            raise NotAllowedError(f"API key lacks the {scope} scope.")
        return principal.tenant_id
    return require_staff(info, role).tenant_id


def actor_of(info: Info) -> str:
    """Who acts, as journals and idempotency scopes record it."""
    principal = info.context.principal
    if isinstance(principal, StaffPrincipal):
        return f"staff:{principal.staff_id}"
    if isinstance(principal, ApiKeyPrincipal):
        return f"key:{principal.key_id}"
    if isinstance(principal, MemberPrincipal):
        return f"member:{principal.member_id}"
    if isinstance(principal, OperatorPrincipal):
        return f"operator:{principal.operator_id}"
    return "anonymous"


def tenant_principal(info: Info) -> TenantPrincipal | None:
    principal = info.context.principal
    if isinstance(principal, StaffPrincipal | MemberPrincipal | ApiKeyPrincipal):
        return principal
    return None


def _is_anonymous(info: Info) -> bool:
    return tenant_principal(info) is None and not isinstance(
        info.context.principal, OperatorPrincipal
    )
