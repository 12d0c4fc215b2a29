"""Authorization: each root field declares who may call it once, as an `Access` value.

That one value both authorizes (a strawberry `PermissionExtension` runs its check before the
resolver) and writes the "Who may call" line of the field's SDL description, so the two cannot
drift apart. Refusals go to `errors` (UNAUTHENTICATED or FORBIDDEN), not payloads. After the
check, resolvers read the principal through `tenant_of`, `staff_of`, `member_of` and
`operator_of`, which never decide anything themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import strawberry
from graphql import GraphQLError
from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from schema.context import Info
from schema.ids import NO_SUCH_ID, parse_id
from tenants.principals import (
    ApiKeyPrincipal,
    MemberPrincipal,
    OperatorPrincipal,
    StaffPrincipal,
    TenantPrincipal,
)
from tenants.roles import ApiScope, StaffRole

LINE_START = "Who may call: "


class NotAllowedError(GraphQLError):
    """Authenticated, or not, but not allowed to do this. Never masked."""

    def __init__(self, message: str, code: str = "FORBIDDEN") -> None:
        super().__init__(message, extensions={"code": code})


@dataclass(frozen=True)
class Access:
    """Who may call a field: staff from a role up, API keys with a scope, member tokens,
    operators; or any signed-in caller; or anyone."""

    staff: StaffRole | None = None
    key: ApiScope | None = None
    any_key: bool = False
    member: bool = False
    operator: bool = False
    signed_in: bool = False
    anyone: bool = False

    @property
    def line(self) -> str:
        """The sentence the SDL description ends with."""
        if self.anyone:
            return LINE_START + "anyone, signed in or not."
        if self.signed_in:
            return LINE_START + "any signed-in caller (staff, API key, member token, operator)."
        callers = []
        if self.staff is StaffRole.VIEWER:
            callers.append("any staff user")
        elif self.staff is not None:
            callers.append(f"staff with the {self.staff} role or higher")
        if self.key is not None:
            callers.append(f"an API key with the {self.key} scope")
        if self.any_key:
            callers.append("any API key")
        if self.member:
            callers.append("a member token")
        if self.operator:
            callers.append("a platform operator")
        return LINE_START + ", or ".join(callers) + "."

    def check(self, info: Info) -> None:
        """Raise NotAllowedError unless the request's principal is one this value admits."""
        principal = info.context.principal
        if self.anyone:
            return
        if tenant_principal(info) is None and not isinstance(principal, OperatorPrincipal):
            raise NotAllowedError("Authentication required.", "UNAUTHENTICATED")
        if self.signed_in:
            return
        if isinstance(principal, OperatorPrincipal) and self.operator:
            return
        if isinstance(principal, MemberPrincipal) and self.member:
            return
        if isinstance(principal, ApiKeyPrincipal) and self.any_key:
            return
        if isinstance(principal, ApiKeyPrincipal) and self.key is not None:
            if self.key not in principal.scopes:
                raise NotAllowedError(f"API key lacks the {self.key} scope.")
            return
        if isinstance(principal, StaffPrincipal) and self.staff is not None:
            if not principal.role.at_least(self.staff):
                raise NotAllowedError(f"Needs the {self.staff} role or higher.")
            return
        raise NotAllowedError(self._who_only())

    def _who_only(self) -> str:
        if self.staff is not None or self.key is not None or self.any_key:
            return "Staff only." if not self.member else "Staff or the member only."
        return "Members only." if self.member else "Operators only."


ANYONE = Access(anyone=True)
SIGNED_IN = Access(signed_in=True)
MEMBER = Access(member=True)
OPERATOR = Access(operator=True)


class Allowed(BasePermission):
    """The `Access` check as strawberry's permission; it raises its own refusal."""

    def __init__(self, access: Access) -> None:
        self.access = access

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        self.access.check(info)
        return True


def _extensions(access: Access) -> list[FieldExtension]:
    return [PermissionExtension([Allowed(access)], use_directives=False)]


def _described(access: Access, description: str) -> str:
    return f"{description}\n\n{access.line}"


def mutation(access: Access, description: str) -> Callable[[Callable[..., Any]], Any]:
    """Register `resolver` as a mutation that `access` admits, its description ending with the
    generated permission line."""

    def register(resolver: Callable[..., Any]) -> Any:
        return strawberry.mutation(
            resolver=resolver,
            description=_described(access, description),
            extensions=_extensions(access),
        )

    return register


def query(access: Access, description: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
    """`mutation`'s counterpart for root query fields."""

    def register(resolver: Callable[..., Any]) -> Any:
        return strawberry.field(
            resolver=resolver,
            description=_described(access, description),
            extensions=_extensions(access),
            **options,
        )

    return register


def tenant_of(info: Info) -> UUID:
    """The caller's tenant (staff, API key or member token), for a field that admits only them."""
    principal = tenant_principal(info)
    if principal is None:
        raise NotAllowedError("Merchant callers only.")
    return principal.tenant_id


def staff_of(info: Info) -> StaffPrincipal:
    principal = info.context.principal
    if not isinstance(principal, StaffPrincipal):
        raise NotAllowedError("Staff only.")
    return principal


def member_of(info: Info) -> MemberPrincipal:
    principal = info.context.principal
    if not isinstance(principal, MemberPrincipal):
        raise NotAllowedError("Members only.")
    return principal


def reader_of(info: Info) -> tuple[UUID, UUID | None]:
    """(tenant, member) for a list a member token reads only its own rows of: the member for a
    member token, None (every member's) for staff and API keys."""
    principal = info.context.principal
    if isinstance(principal, MemberPrincipal):
        return principal.tenant_id, principal.member_id
    return tenant_of(info), None


def member_named(info: Info, member_id: strawberry.ID | None) -> tuple[UUID, UUID]:
    """(tenant, member) for a field that works on one member: a member token's own member, or
    the one staff and API keys name. A member token naming another member gets an id that
    matches no one, so it is refused exactly like an unknown member."""
    principal = info.context.principal
    if isinstance(principal, MemberPrincipal):
        own = member_id is None or parse_id(member_id) == principal.member_id
        return principal.tenant_id, principal.member_id if own else NO_SUCH_ID
    return tenant_of(info), parse_id(member_id or "")


def operator_of(info: Info) -> OperatorPrincipal:
    principal = info.context.principal
    if not isinstance(principal, OperatorPrincipal):
        raise NotAllowedError("Operators only.")
    return principal


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
