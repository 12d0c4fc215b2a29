"""Lotteries over the API: a prize with stock 1 is won once however many draw at once, every
draw can be re-derived from what it stored, and the rules hold."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime, timedelta
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


UPDATE = """mutation($i: UpdateLotteryInput!) { updateLottery(input: $i) {
  lottery { id costPoints prizes { id name weight } } userErrors { field code } } }"""
END = """mutation($i: EndLotteryInput!) { endLottery(input: $i) {
  lottery { ended } userErrors { code } } }"""
LIST = "{ lotteries { id name startsAt } }"
HISTORY = """query($m: ID) { lotteryDraws(first: 10, memberId: $m) {
  nodes { lotteryId memberId prize { name } } } }"""


async def test_a_lottery_is_scheduled_edited_and_ended_and_its_draws_stay_on_record(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a lottery opening tomorrow, and ann and bob with points
    merchant = await sign_up(client)
    owner = merchant.access_token
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    prizes = [{"name": "Ten", "kind": "POINTS", "points": 10, "weight": 1},
              {"name": "Thanks", "kind": "NOTHING", "weight": 1}]  # fmt: skip
    made = await _lottery(
        client, owner, name="Spin", costPoints=5, prizes=prizes, startsAt=tomorrow
    )
    lottery = made["lottery"]
    tokens = {}
    for name in ("ann", "bob"):
        member = await new_member(client, owner, name)
        await award(client, owner, member, 100)
        tokens[name] = (member, await member_token(client, owner, member))
    early = await _draw(client, tokens["ann"][1], lottery["id"])

    # when the owner opens it now, drops "Thanks" and makes draws cost 20; both draw; it ends
    kept = [{"id": lottery["prizes"][0]["id"], "name": "Ten", "kind": "POINTS", "points": 10,
             "weight": 3}]  # fmt: skip
    edited = await gql(
        client,
        UPDATE,
        {"i": {"lotteryId": lottery["id"], "name": "Spin", "costPoints": 20, "prizes": kept}},
        owner,
    )
    listed = (await gql(client, LIST, token=tokens["ann"][1]))["lotteries"]
    drawn = [await _draw(client, token, lottery["id"]) for _, token in tokens.values()]
    ended = await gql(client, END, {"i": {"lotteryId": lottery["id"]}}, owner)
    late = await _draw(client, tokens["bob"][1], lottery["id"])
    again = await gql(client, END, {"i": {"lotteryId": lottery["id"]}}, owner)
    mine = (await gql(client, HISTORY, {"m": tokens["bob"][0]}, tokens["ann"][1]))["lotteryDraws"]
    own = (await gql(client, HISTORY, {"m": None}, tokens["ann"][1]))["lotteryDraws"]
    every = (await gql(client, HISTORY, {"m": None}, owner))["lotteryDraws"]

    # then the early draw waited for the opening, the edit took, the end stopped draws, and
    # the history shows each member their own draws and staff all of them
    assert early["userErrors"] == [{"code": "NOT_STARTED"}]
    assert edited["updateLottery"]["userErrors"] == []
    assert edited["updateLottery"]["lottery"]["prizes"] == [
        {"id": lottery["prizes"][0]["id"], "name": "Ten", "weight": 3}
    ]
    assert [item["name"] for item in listed] == ["Spin"]
    assert [d["draw"]["prize"]["name"] for d in drawn] == ["Ten", "Ten"]
    assert ended["endLottery"]["lottery"] == {"ended": True}
    assert late["userErrors"] == [{"code": "LOTTERY_NOT_FOUND"}]
    assert again["endLottery"]["userErrors"] == [{"code": "LOTTERY_NOT_FOUND"}]
    assert mine["nodes"] == []  # another member's draws: nothing
    assert [(n["memberId"], n["prize"]["name"]) for n in own["nodes"]] == [
        (tokens["ann"][0], "Ten")
    ]
    assert len(every["nodes"]) == 2
    assert (await gql(client, LIST, token=owner))["lotteries"] == []
    for member, _ in tokens.values():
        assert (await wallet(client, owner, member))["wallet"]["posted"] == 100 - 20 + 10
    await assert_ledger_ok(settings)


FREE = """{ lotteries { name freeDraws freeDrawRules { draws } } }"""
RULES = "{ earnRules { id kind } }"
CREATE_RULE = """mutation($i: CreateEarnRuleInput!) { createEarnRule(input: $i) {
  rule { id } userErrors { code } } }"""
CHECK_IN = "mutation { checkIn { points userErrors { code } } }"
TASK = (
    """mutation($i: RecordEventInput!) { recordEvent(input: $i) { points userErrors { code } } }"""
)


async def test_tasks_earn_free_draws_once_each_and_a_free_draw_costs_nothing(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a 50-point lottery where a check-in grants 2 free draws and a review 1
    merchant = await sign_up(client)
    owner = merchant.access_token
    rules = {}
    for kind, occasion in (
        ("CHECK_IN", {"kind": "CHECK_IN", "name": "Daily", "schedule": [5]}),
        ("EVENT", {"kind": "EVENT", "name": "Review", "points": 1, "eventCode": "review"}),
    ):
        made = await gql(client, CREATE_RULE, {"i": {"occasion": occasion}}, owner)
        rules[kind] = made["createEarnRule"]["rule"]["id"]
    prizes = [{"name": "Ten", "kind": "POINTS", "points": 10, "weight": 1}]
    made = await _lottery(client, owner, name="Spin", costPoints=50, prizes=prizes,
                          freeDrawRules=[{"ruleId": rules["CHECK_IN"], "draws": 2},
                                         {"ruleId": rules["EVENT"]}])  # fmt: skip
    ann = await new_member(client, owner, "ann")
    token = await member_token(client, owner, ann)

    # when ann checks in twice and reports one review twice (a replay), then draws four times
    for _ in range(2):
        await gql(client, CHECK_IN, token=token)
    for _ in range(2):
        await gql(client, TASK, {"i": {"memberId": ann, "code": "review",
                                       "idempotencyKey": "r1"}}, owner)  # fmt: skip
    before = (await gql(client, FREE, token=token))["lotteries"][0]
    draws = [await _draw(client, token, made["lottery"]["id"]) for _ in range(4)]

    # then three free draws were earned (2 + 1, once each) and used, the fourth needs 50 points
    assert before == {"name": "Spin", "freeDraws": 3,
                      "freeDrawRules": [{"draws": 2}, {"draws": 1}]}  # fmt: skip
    assert [d["userErrors"] for d in draws] == [[], [], [], [{"code": "INSUFFICIENT_POINTS"}]]
    after = (await gql(client, FREE, token=token))["lotteries"][0]
    assert after["freeDraws"] == 0
    # 5 (check-in) + 1 (review) + 3 prizes of 10, and nothing spent on the free draws
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 5 + 1 + 30
    await assert_ledger_ok(settings)
