"""Self-service sign-up: tenant, owner, point currency, ledger accounts, earning and tiers in
one transaction (the application side: it composes tenancy and the domains)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError

from app.core.db import tenant_scope
from app.core.ids import uuid7
from app.core.settings import Settings
from app.earning.programme import open_earning
from app.ledger.currencies import CurrencySpec, validate_currency
from app.ledger.errors import LedgerError, into_domain
from app.ledger.service import open_tenant_books
from app.programs.errors import ProgramError
from app.programs.importer import import_program
from app.tiers.service import open_tiers
from tenants.clock import DEFAULT_TIME_ZONE, valid_time_zone
from tenants.errors import TenancyError, TenancyErrorCode
from tenants.models import StaffUser, Tenant
from tenants.passwords import hash_password
from tenants.roles import StaffRole
from tenants.sessions import SessionTokens, start_session
from tenants.staff import ensure_email_free, validate_new_login
from tenants.tokens import TokenIssuer

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")
RESERVED_SLUGS = frozenset({"admin", "api", "graphql", "operator", "platform", "pointsmall", "www"})


@dataclass(frozen=True)
class MerchantSignUp:
    merchant_name: str
    slug: str
    owner_email: str
    owner_password: str
    currency: CurrencySpec
    time_zone: str = DEFAULT_TIME_ZONE
    # A programme document (exportProgram) to start from instead of the defaults; checked
    # when it is applied (`app.programs.importer`).
    program: Any = None


async def sign_up_merchant(
    signup: MerchantSignUp, tokens: TokenIssuer, settings: Settings
) -> SessionTokens:
    """Create a merchant and log its owner in."""
    slug, name = signup.slug.strip().lower(), signup.merchant_name.strip()
    if not 1 <= len(name) <= 200:
        raise TenancyError(
            TenancyErrorCode.INVALID_INPUT, "Name must be 1-200 characters.", "merchantName"
        )
    if not _SLUG.match(slug) or slug in RESERVED_SLUGS:
        raise TenancyError(
            TenancyErrorCode.INVALID_INPUT,
            "Slug must be 3-63 lower-case letters, digits or hyphens, not reserved.",
            "slug",
        )
    email = validate_new_login(
        signup.owner_email, signup.owner_password, "ownerEmail", "ownerPassword"
    )
    currency = _validated_currency(signup.currency)
    if not valid_time_zone(signup.time_zone):
        raise TenancyError(
            TenancyErrorCode.INVALID_INPUT,
            "Not an IANA time zone (e.g. Asia/Shanghai).",
            "timeZone",
        )
    if await Tenant.exists(slug=slug):
        raise TenancyError(TenancyErrorCode.SLUG_TAKEN, "This slug is taken.", "slug")
    await ensure_email_free(email, "ownerEmail")
    try:
        return await _create(
            slug, name, email, signup.owner_password, currency, signup, tokens, settings
        )
    except IntegrityError as exc:
        raise _conflict(exc) from exc


async def _create(
    slug: str,
    name: str,
    email: str,
    password: str,
    currency: CurrencySpec,
    signup: MerchantSignUp,
    tokens: TokenIssuer,
    settings: Settings,
) -> SessionTokens:
    tenant_id = uuid7()
    password_hash = await hash_password(password)
    async with tenant_scope(tenant_id):
        await Tenant.create(id=tenant_id, slug=slug, name=name, time_zone=signup.time_zone)
        owner = await StaffUser.create(
            tenant_id=tenant_id,
            email=email,
            password_hash=password_hash,
            role=StaffRole.OWNER,
        )
        books = await open_tenant_books(tenant_id, currency)
        await open_earning(tenant_id, books)
        await open_tiers(tenant_id)
        if signup.program is not None:
            try:
                await import_program(tenant_id, signup.program, dry_run=False)
            except ProgramError as exc:
                field = f"program.{exc.field}" if exc.field else "program"
                raise TenancyError(TenancyErrorCode.INVALID_INPUT, exc.message, field) from exc
        return await start_session(owner, tokens, settings)


def _validated_currency(spec: CurrencySpec) -> CurrencySpec:
    try:
        return validate_currency(spec)
    except LedgerError as exc:
        field = f"currency.{exc.field}" if exc.field else "currency"
        raise into_domain(exc, TenancyError, field) from exc


def _conflict(exc: IntegrityError) -> TenancyError:
    """A concurrent sign-up took the slug or email between our check and our insert."""
    if "slug" in str(exc):
        return TenancyError(TenancyErrorCode.SLUG_TAKEN, "This slug is taken.", "slug")
    return TenancyError(
        TenancyErrorCode.EMAIL_TAKEN, "This email already has a login.", "ownerEmail"
    )
