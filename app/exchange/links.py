"""Linking a merchant's member to a platform customer, whose PLAT wallet it is.

A customer is a member of the platform's books keyed by a hash of a verified identity (phone or
email as the merchant asserted it), so the same person at two merchants reaches the same PLAT
wallet, the platform keeps no second copy of the phone or email, and no merchant sees another's
members: only the platform's rows join them.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.core.db import tenant_scope
from app.core.platform_tenant import PLATFORM_TENANT_ID
from app.exchange.errors import ExchangeError, ExchangeErrorCode
from app.exchange.models import PlatformLink
from app.exchange.platform_currency import require_platform_currency
from app.ledger.reads import WalletView, wallet_of
from app.members.models import Member
from app.members.service import upsert_member


class IdentityKind(StrEnum):
    PHONE = "PHONE"
    EMAIL = "EMAIL"


async def link_platform_wallet(tenant_id: UUID, member_id: UUID, via: IdentityKind) -> UUID:
    """Link the member to the customer of its verified phone or email; returns the customer."""
    async with tenant_scope(tenant_id):
        member = await Member.get(id=member_id)
    value, verified = (
        (member.phone, member.phone_verified)
        if via is IdentityKind.PHONE
        else (member.email, member.email_verified)
    )
    if not value or not verified:
        raise ExchangeError(
            ExchangeErrorCode.IDENTITY_NOT_VERIFIED,
            f"The merchant has not verified this member's {via.value.lower()}.",
            "via",
        )
    identity = hashlib.sha256(f"{via.value}:{value}".encode()).hexdigest()
    async with tenant_scope(PLATFORM_TENANT_ID):
        await require_platform_currency()
        customer = (await upsert_member(PLATFORM_TENANT_ID, f"id:{identity}", {})).member
        try:
            async with in_transaction():
                await PlatformLink.create(
                    tenant_id=PLATFORM_TENANT_ID,
                    merchant_id=tenant_id,
                    member_id=member_id,
                    customer_id=customer.id,
                )
        except IntegrityError as error:
            raise ExchangeError(
                ExchangeErrorCode.ALREADY_LINKED, "This member is already linked."
            ) from error
        return customer.id


async def unlink_platform_wallet(tenant_id: UUID, member_id: UUID) -> None:
    """Remove the link; only while the PLAT wallet holds nothing (posted or reserved)."""
    async with tenant_scope(PLATFORM_TENANT_ID):
        link = await linked(tenant_id, member_id, lock=True)
        if link is None:
            raise ExchangeError(ExchangeErrorCode.NOT_LINKED, "This member is not linked.")
        wallet = await wallet_of(PLATFORM_TENANT_ID, link.customer_id)
        if wallet.posted or wallet.pending_debit or wallet.pending_credit:
            raise ExchangeError(
                ExchangeErrorCode.WALLET_NOT_EMPTY, "Spend or exchange the platform points first."
            )
        await link.delete()


async def linked(merchant_id: UUID, member_id: UUID, lock: bool = False) -> PlatformLink | None:
    """The member's link; with `lock`, held until the transaction ends (an exchange and an
    unlink of the same member queue). Call in the platform's scope."""
    query = PlatformLink.filter(merchant_id=merchant_id, member_id=member_id)
    return await (query.select_for_update() if lock else query).first()


async def member_at(merchant_id: UUID, customer_id: UUID) -> UUID | None:
    """The customer's membership at another merchant, if linked there; platform scope."""
    link = await PlatformLink.get_or_none(merchant_id=merchant_id, customer_id=customer_id)
    return link.member_id if link else None


async def platform_wallet(tenant_id: UUID, member_id: UUID) -> WalletView | None:
    """The member's PLAT wallet, or None when not linked."""
    async with tenant_scope(PLATFORM_TENANT_ID):
        link = await linked(tenant_id, member_id)
    return await wallet_of(PLATFORM_TENANT_ID, link.customer_id) if link else None
