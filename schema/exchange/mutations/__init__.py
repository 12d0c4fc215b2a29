"""Exchange mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.exchange.mutations import (
    configure_platform_currency,
    execute_exchange,
    link_platform_wallet,
    purchase_platform_points,
    quote_exchange,
    set_exchange_rate,
    unlink_platform_wallet,
    update_exchange_settings,
)


@strawberry.type
class ExchangeMutations:
    purchase_platform_points = purchase_platform_points.resolve
    configure_platform_currency = configure_platform_currency.resolve
    set_exchange_rate = set_exchange_rate.resolve
    update_exchange_settings = update_exchange_settings.resolve
    link_platform_wallet = link_platform_wallet.resolve
    unlink_platform_wallet = unlink_platform_wallet.resolve
    quote_exchange = quote_exchange.resolve
    execute_exchange = execute_exchange.resolve
