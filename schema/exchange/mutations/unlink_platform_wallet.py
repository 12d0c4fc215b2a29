"""unlinkPlatformWallet: remove the link while the platform wallet is empty."""

from __future__ import annotations

from app.exchange import links
from app.exchange.errors import ExchangeError
from schema.context import Info
from schema.exchange.types import (
    PlatformWalletPayload,
    exchange_errors,
)
from schema.permissions import MEMBER, member_of, mutation


@mutation(
    MEMBER,
    "Remove the link while the platform wallet is empty. Errors: NOT_LINKED, WALLET_NOT_EMPTY.",
)
async def resolve(info: Info) -> PlatformWalletPayload:
    member = member_of(info)
    try:
        await links.unlink_platform_wallet(member.tenant_id, member.member_id)
    except ExchangeError as error:
        return PlatformWalletPayload(user_errors=exchange_errors(error))
    return PlatformWalletPayload()
