"""Lotteries over the API: a prize with stock 1 is won once however many draw at once, every
draw can be re-derived from what it stored, and the rules hold."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any
from uuid import UUID

import httpx

from app.core.settings import Settings
from app.engagement.drawing import pick, roll_of
from tests.api.graphql import gql
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award, wallet
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

CREATE = """mutation($i: CreateLotteryInput!) { createLottery(input: $i) {
  lottery { id prizes { id name } } userErrors { field code } } }"""
DRAW = """mutation($i: DrawLotteryInput!) { drawLottery(input: $i) {
  draw { id seed roll weights prize { id name kind points } } replayed userErrors { code } } }"""


async def _lottery(client: httpx.AsyncClient, token: str, **values: Any) -> dict[str, Any]:
    payload: dict[str, Any] = (await gql(client, CREATE, {"i": values}, token))["createLottery"]
    return payload


async def _draw(client: httpx.AsyncClient, token: str, lottery: str, key: str = "") -> Any:
    values = {"lotteryId": lottery, "idempotencyKey": key or secrets.token_hex(8)}
    return (await gql(client, DRAW, {"i": values}, token))["drawLottery"]


async def test_a_prize_with_stock_one_is_won_once(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a lottery whose grand prize (stock 1) is far likelier than the consolation
    merchant = await sign_up(client)
    owner = merchant.access_token
    prizes = [
        {"name": "Grand", "kind": "POINTS", "points": 1000, "weight": 1000, "stock": 1},
        {"name": "Thanks", "kind": "NOTHING", "weight": 1},
    ]
    lottery = (await _lottery(client, owner, name="Spin", costPoints=10, prizes=prizes))["lottery"]
    tokens = []
    for n in range(30):
        member = await new_member(client, owner, f"m{n}")
        await award(client, owner, member, 10)
        tokens.append(await member_token(client, owner, member))

    # when thirty members draw at once
    results = await asyncio.gather(*(_draw(client, token, lottery["id"]) for token in tokens))

    # then one won it, the rest drew the consolation, and every draw re-derives
    names = sorted(r["draw"]["prize"]["name"] for r in results)
    assert names == ["Grand"] + ["Thanks"] * 29
    for result in results:
        draw = result["draw"]
        weights = [(UUID(p), int(w)) for p, w in (pair.split(":") for pair in draw["weights"])]
        roll = roll_of(draw["seed"], UUID(draw["id"]), sum(w for _, w in weights))
        assert roll == int(draw["roll"])
        assert pick(weights, roll) == UUID(draw["prize"]["id"])
    await assert_ledger_ok(settings)


async def test_costs_limits_and_replays(client: httpx.AsyncClient, settings: Settings) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    prizes = [{"name": "Ten back", "kind": "POINTS", "points": 10, "weight": 1}]
    lottery = (
        await _lottery(client, owner, name="Daily", costPoints=30, prizes=prizes, dailyLimit=2)
    )["lottery"]["id"]
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 100)
    token = await member_token(client, owner, ann)
    bad = await _lottery(client, owner, name="Bad", costPoints=0, prizes=prizes)

    first = await _draw(client, token, lottery, "k1")
    replay = await _draw(client, token, lottery, "k1")
    second = await _draw(client, token, lottery, "k2")
    third = await _draw(client, token, lottery, "k3")

    assert bad["userErrors"] == [{"field": "costPoints", "code": "INVALID_INPUT"}]
    assert first["draw"]["prize"]["points"] == 10
    assert (replay["replayed"], replay["draw"]["id"]) == (True, first["draw"]["id"])
    assert second["userErrors"] == []
    assert third["userErrors"] == [{"code": "LIMIT_REACHED"}]
    # 100 - 2 x 30 + 2 x 10
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 60

    bob = await new_member(client, owner, "bob")
    await award(client, owner, bob, 20)
    poor = await _draw(client, await member_token(client, owner, bob), lottery)
    assert poor["userErrors"] == [{"code": "INSUFFICIENT_POINTS"}]
    await assert_ledger_ok(settings)
