"""The API's main journeys on Citus, each statement in a merchant's scope routed to one shard
(the database makes any other an error: see conftest.py): merchants signing up land on both
workers, earn, redeem, race on one wallet and one stock, and exchange points across workers in
one distributed transaction; then the ledger and the settlement verify clean."""

from __future__ import annotations

from uuid import UUID

import asyncpg
import httpx
import pytest
from starlette.applications import Starlette

from app.core.db import database_credentials, tenant_scope
from app.core.settings import Settings
from tests.api.operations.exchange import (
    assert_settlement_ok,
    configure_plat,
    execute,
    new_phone,
    operator_token,
    quote,
    shop,
)
from tests.api.operations.members import new_member
from tests.api.operations.points import award, deduct, wallet
from tests.api.operations.tenancy import sign_up
from tests.api.test_exchange import (
    test_concurrent_exchanges_never_overdraw_the_wallet,
    test_thirty_executions_of_one_quote_convert_once,
)
from tests.api.test_points import (
    test_fifty_concurrent_deductions_of_ten_from_a_hundred,
    test_twenty_concurrent_requests_with_one_key_apply_once,
)
from tests.api.test_redemption import test_fifty_members_race_for_five_units
from tests.ledger_check import assert_ledger_ok

__all__ = [
    "test_concurrent_exchanges_never_overdraw_the_wallet",
    "test_fifty_concurrent_deductions_of_ten_from_a_hundred",
    "test_fifty_members_race_for_five_units",
    "test_thirty_executions_of_one_quote_convert_once",
    "test_twenty_concurrent_requests_with_one_key_apply_once",
]


async def _node_of(settings: Settings, tenant_id: str) -> str:
    owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        node: str = await owner.fetchval(
            "SELECT nodename || ':' || nodeport FROM citus_shards WHERE shardid ="
            " get_shard_id_for_distribution_column('member', $1::uuid)",
            tenant_id,
        )
    finally:
        await owner.close()
    return node


async def test_merchants_land_on_both_workers_and_keep_their_own_books(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # when merchants sign up until both workers hold some (each lands where its id hashes)
    nodes: dict[str, list[str]] = {}
    for _ in range(24):
        merchant = await sign_up(client)
        nodes.setdefault(await _node_of(settings, merchant.tenant_id), []).append(
            merchant.access_token
        )
        if len(nodes) == 2 and all(len(tokens) >= 2 for tokens in nodes.values()):
            break
    assert len(nodes) == 2, nodes.keys()

    # then each earns and spends on its own node, and sees only its own members
    for tokens in nodes.values():
        for token in tokens:
            ann = await new_member(client, token, "ann")
            await award(client, token, ann, 500)
            await deduct(client, token, ann, 120)
            assert (await wallet(client, token, ann))["wallet"]["available"] == 380
    await assert_ledger_ok(settings)


async def test_a_query_that_names_no_tenant_is_refused_here(app: Starlette) -> None:
    """The guard the other tests rely on: a statement for every shard fails in this database
    (`app`: the API's database connections are up)."""
    async with tenant_scope(UUID(int=1)) as connection:
        with pytest.raises(Exception, match=r"multi-task|multi-shard|more than one"):
            await connection.execute_query("SELECT count(*) FROM member")


async def test_an_exchange_between_merchants_on_two_workers_is_one_transaction(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given one person at two merchants whose shards live on different workers
    operator = await operator_token(client)
    await configure_plat(client, operator)
    phone = new_phone()
    acme = await shop(client, operator, "1", 0, phone)
    home = await _node_of(settings, acme.merchant.tenant_id)
    for _ in range(24):
        beta = await shop(client, operator, "1", 0, phone)
        if await _node_of(settings, beta.merchant.tenant_id) != home:
            break
    assert await _node_of(settings, beta.merchant.tenant_id) != home
    await award(client, acme.merchant.access_token, acme.member_id, 1_000)

    # when 300 ACME points become BETA points (ACME's shard, the platform's, BETA's)
    offer = (await quote(client, acme.member_token, acme.code, beta.code, 300))["quote"]
    done = await execute(client, acme.member_token, offer["id"])

    # then both sides moved, together (Citus commits the three shards with 2PC)
    assert done["userErrors"] == []
    acme_wallet = await wallet(client, acme.merchant.access_token, acme.member_id)
    beta_wallet = await wallet(client, beta.merchant.access_token, beta.member_id)
    assert (acme_wallet["wallet"]["posted"], beta_wallet["wallet"]["posted"]) == (700, 300)
    await assert_ledger_ok(settings)
    await assert_settlement_ok(settings)
