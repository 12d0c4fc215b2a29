"""Managing a merchant's staff: owners and admins add people, change roles, deactivate.

Admins manage staff and viewers and other admins; only owners make or unmake owners. The last
active owner can be neither demoted nor deactivated, so a tenant never locks itself out.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from tortoise.exceptions import IntegrityError

from app.core.db import tenant_scope
from app.core.idempotency import OptionalKey, created_once
from app.core.pagination import Page, PageRequest, fetch_page
from app.core.validation import is_email, normalize_email
from tenants.errors import TenancyError, TenancyErrorCode
from tenants.lookups import tenant_of_staff_email
from tenants.models import StaffUser
from tenants.passwords import hash_password, password_weakness
from tenants.principals import StaffPrincipal
from tenants.roles import StaffRole
from tenants.sessions import revoke_staff_sessions


def validate_new_login(
    email: str,
    password: str,
    email_field: str = "email",
    password_field: str = "password",  # noqa: S107 - a field name, not a password
) -> str:
    """The normalised email, or a TenancyError naming the field at fault."""
    email = normalize_email(email)
    if not is_email(email):
        raise TenancyError(
            TenancyErrorCode.INVALID_INPUT, "Not a valid email address.", email_field
        )
    weakness = password_weakness(password, email)
    if weakness:
        raise TenancyError(TenancyErrorCode.WEAK_PASSWORD, weakness, password_field)
    return email


async def ensure_email_free(email: str, field: str = "email") -> None:
    if await tenant_of_staff_email(email) is not None:
        raise TenancyError(TenancyErrorCode.EMAIL_TAKEN, "This email already has a login.", field)


async def create_staff_user(
    actor: StaffPrincipal, new: NewStaff, key: str | None = None
) -> StaffUser:
    """Add a staff login to the actor's tenant. A retry under the same idempotency `key`
    answers the login the first call made (the password is not part of what the key compares:
    it is never stored, not even in a request digest)."""
    _check_may_assign(actor, new.role)
    email = validate_new_login(new.email, new.password)
    display_name = new.display_name.strip()[:200]

    async def create() -> StaffUser:
        await ensure_email_free(email)
        password_hash = await hash_password(new.password)
        try:
            async with tenant_scope(actor.tenant_id):
                return await StaffUser.create(
                    tenant_id=actor.tenant_id,
                    email=email,
                    password_hash=password_hash,
                    role=new.role,
                    display_name=display_name,
                )
        except IntegrityError as exc:
            raise TenancyError(
                TenancyErrorCode.EMAIL_TAKEN, "This email already has a login.", "email"
            ) from exc

    keyed = OptionalKey(key, f"staff:{actor.staff_id}")
    request = {"email": email, "role": new.role, "display_name": display_name}
    return await created_once(StaffUser, actor.tenant_id, keyed, request, create, TenancyError)


@dataclass(frozen=True)
class NewStaff:
    """A staff login to add: who, their first password and their role."""

    email: str
    password: str
    role: StaffRole
    display_name: str = ""


async def update_staff_role(actor: StaffPrincipal, staff_id: UUID, role: StaffRole) -> StaffUser:
    """Change a staff user's role."""
    _check_may_assign(actor, role)
    async with tenant_scope(actor.tenant_id):
        owners = await _lock_owners()
        staff = await _locked_staff(staff_id)
        _check_may_manage(actor, staff)
        if staff.role is StaffRole.OWNER and role is not StaffRole.OWNER:
            _ensure_other_owner(staff, owners)
        staff.role = role
        await staff.save(update_fields=["role"])
        return staff


async def deactivate_staff_user(actor: StaffPrincipal, staff_id: UUID) -> StaffUser:
    """Disable a staff login and end its sessions at once."""
    async with tenant_scope(actor.tenant_id):
        owners = await _lock_owners()
        staff = await _locked_staff(staff_id)
        _check_may_manage(actor, staff)
        if not staff.is_active:
            raise TenancyError(TenancyErrorCode.ALREADY_IN_STATE, "Already deactivated.", "staffId")
        if staff.role is StaffRole.OWNER:
            _ensure_other_owner(staff, owners)
        staff.is_active = False
        await staff.save(update_fields=["is_active"])
        await revoke_staff_sessions(staff.id)
        return staff


async def get_staff_user(tenant_id: UUID, staff_id: UUID) -> StaffUser | None:
    async with tenant_scope(tenant_id):
        return await StaffUser.get_or_none(id=staff_id)


async def list_staff_users(tenant_id: UUID, page: PageRequest) -> Page[StaffUser]:
    async with tenant_scope(tenant_id):
        return await fetch_page(StaffUser.all(), page)


def _check_may_assign(actor: StaffPrincipal, role: StaffRole) -> None:
    if role is StaffRole.OWNER and actor.role is not StaffRole.OWNER:
        raise TenancyError(
            TenancyErrorCode.ROLE_NOT_ALLOWED, "Only owners can grant OWNER.", "role"
        )


def _check_may_manage(actor: StaffPrincipal, staff: StaffUser) -> None:
    if staff.role is StaffRole.OWNER and actor.role is not StaffRole.OWNER:
        raise TenancyError(
            TenancyErrorCode.ROLE_NOT_ALLOWED, "Only owners can change an owner.", "staffId"
        )


async def _locked_staff(staff_id: UUID) -> StaffUser:
    staff = await StaffUser.select_for_update().get_or_none(id=staff_id)
    if staff is None:
        raise TenancyError(TenancyErrorCode.NOT_FOUND, "No such staff user.", "staffId")
    return staff


async def _lock_owners() -> list[StaffUser]:
    """Lock the active owners first, in id order, so two concurrent demotions cannot both
    see "another owner" and cannot deadlock on each other's rows."""
    query = StaffUser.select_for_update().filter(role=StaffRole.OWNER, is_active=True)
    return await query.order_by("id")


def _ensure_other_owner(staff: StaffUser, owners: list[StaffUser]) -> None:
    if not any(owner.id != staff.id for owner in owners):
        raise TenancyError(
            TenancyErrorCode.LAST_OWNER, "A merchant needs at least one active owner.", "staffId"
        )
