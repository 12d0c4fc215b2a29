"""Member use cases: upsert by external id, look up, list, block, who a member token is for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.ids import uuid7
from app.core.pagination import Page, PageRequest, fetch_page
from app.core.settings import Settings
from app.members.errors import MemberError, MemberErrorCode
from app.members.models import Member, MemberStatus
from app.members.profile import clean_external_id, clean_profile
from tenants.clock import phone_region_of

MIN_TOKEN_TTL_SECONDS = 60
MAX_SEARCH_LENGTH = 100


@dataclass(frozen=True)
class UpsertedMember:
    member: Member
    created: bool


async def upsert_member(
    tenant_id: UUID, external_id: str, changes: Mapping[str, Any]
) -> UpsertedMember:
    """Create the member with this external id, or update the given fields of it."""
    external_id = clean_external_id(external_id)
    values = clean_profile(changes, utcnow().date(), await phone_region_of(tenant_id))
    async with tenant_scope(tenant_id):
        member = await Member.select_for_update().get_or_none(external_id=external_id)
        if member is None:
            created = await _create_once(tenant_id, external_id, values)
            if created is not None:
                return UpsertedMember(created, created=True)
            member = await Member.select_for_update().get(external_id=external_id)
        if values:
            member.update_from_dict(values)
            await member.save(update_fields=[*values, "updated_at"])
        return UpsertedMember(member, created=False)


async def upsert_members(
    tenant_id: UUID, profiles: Mapping[str, Mapping[str, Any]]
) -> dict[str, UUID]:
    """Many members at once (an import), by external id: each created, or the fields its
    profile gives updated (an empty name, a missing contact: left as they are). The profiles
    are `clean_profile`'s, the external ids `clean_external_id`'s. One statement; call in the
    tenant's scope. Returns every member's id."""
    columns = ("display_name", "email", "phone", "birthday", "email_verified", "phone_verified")
    given = list(profiles.items())
    values = [[profile.get(column) for _, profile in given] for column in columns]
    rows = await Member._meta.db.execute_query_dict(
        _UPSERT, [tenant_id, [uuid7() for _ in given], [external for external, _ in given], *values]
    )
    return {row["external_id"]: UUID(str(row["id"])) for row in rows}


_UPSERT = """
INSERT INTO member AS m (id, tenant_id, external_id, display_name, email, phone, birthday,
                         email_verified, phone_verified, attributes, status, created_at, updated_at)
SELECT r.id, $1, r.external_id, coalesce(r.display_name, ''), r.email, r.phone, r.birthday,
       coalesce(r.email_verified, false), coalesce(r.phone_verified, false), '{}', 'ACTIVE',
       now(), now()
  FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[],
              $8::boolean[], $9::boolean[])
       AS r(id, external_id, display_name, email, phone, birthday, email_verified, phone_verified)
ON CONFLICT (tenant_id, external_id) DO UPDATE SET
  display_name = CASE WHEN EXCLUDED.display_name = '' THEN m.display_name
                      ELSE EXCLUDED.display_name END,
  email = coalesce(EXCLUDED.email, m.email),
  email_verified = CASE WHEN EXCLUDED.email IS NULL THEN m.email_verified
                        ELSE EXCLUDED.email_verified END,
  phone = coalesce(EXCLUDED.phone, m.phone),
  phone_verified = CASE WHEN EXCLUDED.phone IS NULL THEN m.phone_verified
                        ELSE EXCLUDED.phone_verified END,
  birthday = coalesce(EXCLUDED.birthday, m.birthday),
  updated_at = now()
RETURNING m.id, m.external_id
"""


async def _create_once(tenant_id: UUID, external_id: str, values: dict[str, Any]) -> Member | None:
    """Insert under a savepoint; None when a concurrent upsert inserted the same member first."""
    try:
        async with in_transaction():
            return await Member.create(tenant_id=tenant_id, external_id=external_id, **values)
    except IntegrityError:
        return None


async def get_member(
    tenant_id: UUID, member_id: UUID | None = None, external_id: str | None = None
) -> Member | None:
    """One member of the tenant by id or external id; None when unknown (or another tenant's)."""
    async with tenant_scope(tenant_id):
        if member_id is not None:
            return await Member.get_or_none(id=member_id)
        return await Member.get_or_none(external_id=external_id)


async def list_members(tenant_id: UUID, search: str | None, page: PageRequest) -> Page[Member]:
    """Members oldest first; `search` matches external id, email, phone or name."""
    term = (search or "").strip()[:MAX_SEARCH_LENGTH]
    async with tenant_scope(tenant_id):
        # Built inside the scope: a queryset binds the connection it is created on.
        query = Member.all()
        if term:
            query = query.filter(
                Q(external_id__icontains=term)
                | Q(email__icontains=term)
                | Q(phone__icontains=term)
                | Q(display_name__icontains=term)
            )
        return await fetch_page(query, page)


async def set_member_status(tenant_id: UUID, member_id: UUID, status: MemberStatus) -> Member:
    """Block or unblock a member; a blocked member's tokens stop working at once."""
    async with tenant_scope(tenant_id):
        member = await Member.select_for_update().get_or_none(id=member_id)
        if member is None:
            raise MemberError(MemberErrorCode.NOT_FOUND, "No such member.", "memberId")
        if member.status is status:
            raise MemberError(
                MemberErrorCode.ALREADY_IN_STATE, f"Member is already {status}.", "memberId"
            )
        member.status = status
        await member.save(update_fields=["status", "updated_at"])
        return member


async def token_subject(
    tenant_id: UUID, member_id: UUID, ttl_seconds: int, settings: Settings
) -> Member:
    """The member a member token may be minted for, for `ttl_seconds`: active and the
    caller's tenant's (the API mints the token itself)."""
    limit = settings.member_token_max_ttl_seconds
    if not MIN_TOKEN_TTL_SECONDS <= ttl_seconds <= limit:
        raise MemberError(
            MemberErrorCode.INVALID_INPUT,
            f"ttlSeconds must be {MIN_TOKEN_TTL_SECONDS}-{limit}.",
            "ttlSeconds",
        )
    member = await get_member(tenant_id, member_id=member_id)
    if member is None:
        raise MemberError(MemberErrorCode.NOT_FOUND, "No such member.", "memberId")
    if member.status is MemberStatus.BLOCKED:
        raise MemberError(MemberErrorCode.MEMBER_BLOCKED, "Member is blocked.", "memberId")
    return member


async def display_names(tenant_id: UUID, member_ids: list[UUID]) -> dict[UUID, str]:
    async with tenant_scope(tenant_id):
        rows = await Member.filter(id__in=member_ids).values_list("id", "display_name")
    return {UUID(str(member_id)): str(name) for member_id, name in rows}
