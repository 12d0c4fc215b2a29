"""linkPlatformWallet: a member reaches the platform wallet of their verified identity."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.exchange import links
from app.exchange.errors import ExchangeError
from app.exchange.links import IdentityKind
from schema.context import Info
from schema.exchange.types import (
    IdentityKindEnum,
    PlatformWalletPayload,
    exchange_errors,
)
from schema.ledger.types import Wallet
from schema.permissions import MEMBER, member_of, mutation


@strawberry.input
class LinkPlatformWalletInput:
    via: Annotated[IdentityKind, IdentityKindEnum]


@mutation(
    MEMBER,
    "Link this membership to the platform wallet of the member's verified phone or email (the "
    "same person at another merchant reaches the same wallet). Errors: IDENTITY_NOT_VERIFIED, "
    "ALREADY_LINKED, PLATFORM_NOT_CONFIGURED.",
)
async def resolve(info: Info, input: LinkPlatformWalletInput) -> PlatformWalletPayload:
    member = member_of(info)
    try:
        await links.link_platform_wallet(member.tenant_id, member.member_id, input.via)
    except ExchangeError as error:
        return PlatformWalletPayload(user_errors=exchange_errors(error))
    wallet = await links.platform_wallet(member.tenant_id, member.member_id)
    return PlatformWalletPayload(wallet=Wallet.from_view(wallet) if wallet else None)
