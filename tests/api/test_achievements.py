"""Achievements: reached once per member per window however many qualifying events arrive at
once, paid once, shown on the member's page; a tier goal unlocks when points move the tier."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx

from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.analytics import owner_sql
from tests.api.operations.earning import order, record
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award, wallet
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

CREATE = """mutation($i: AchievementInput!) { createAchievement(input: $i) {
  achievement { id } userErrors { field code } } }"""
RULE = (
    """mutation($i: CreateEarnRuleInput!) { createEarnRule(input: $i) { userErrors { code } } }"""
)
EVENT = (
    """mutation($i: RecordEventInput!) { recordEvent(input: $i) { points userErrors { code } } }"""
)
MINE = """{ me { achievements { achievement { name } windowKey progress unlocked }
  badges { achievement { name } windowKey } } }"""


async def _goal(client: httpx.AsyncClient, token: str, **values: Any) -> str:
    made = (await gql(client, CREATE, {"i": values}, token))["createAchievement"]
    assert made["userErrors"] == []
    goal: str = made["achievement"]["id"]
    return goal


async def test_twenty_events_at_once_unlock_the_goal_once_and_pay_once(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given "share 5 times" paying 100 points, a share task paying 1, and ann
    merchant = await sign_up(client)
    owner = merchant.access_token
    share = {"occasion": {"kind": "EVENT", "name": "Share", "points": 1, "eventCode": "share"}}
    assert (await gql(client, RULE, {"i": share}, owner))["createEarnRule"]["userErrors"] == []
    await _goal(client, owner, name="Sharer", kind="EVENT_COUNT", target=5,
                eventCode="share", points=100)  # fmt: skip
    ann = await new_member(client, owner, "ann")

    # when twenty shares are recorded at once
    answers = await asyncio.gather(*(
        gql(client, EVENT, {"i": {"memberId": ann, "code": "share", "idempotencyKey": f"s{n}"}},
            owner)
        for n in range(20)
    ))  # fmt: skip

    # then all twenty paid, the goal was reached once and paid its 100 once
    assert [a["recordEvent"]["points"] for a in answers] == [1] * 20
    unlocks = await owner_sql(
        settings, "SELECT count(*) FROM member_achievement WHERE member_id = $1", UUID(ann)
    )
    assert unlocks == 1
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 20 + 100
    mine = (await gql(client, MINE, token=await member_token(client, owner, ann)))["me"]
    assert mine["achievements"] == [
        {"achievement": {"name": "Sharer"}, "windowKey": "all", "progress": 20, "unlocked": True}
    ]
    assert mine["badges"] == [{"achievement": {"name": "Sharer"}, "windowKey": "all"}]
    await assert_ledger_ok(settings)


async def test_a_monthly_purchase_goal_and_a_tier_goal_unlock_when_reached(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given "two purchases this month" (a badge only) and "reach 银卡" (50 points)
    merchant = await sign_up(client)
    owner = merchant.access_token
    await _goal(client, owner, name="Regular", kind="PURCHASE_COUNT", target=2, window="MONTH")
    await _goal(client, owner, name="Silver", kind="TIER_RANK", target=1, points=50)
    ann = await new_member(client, owner, "ann")
    token = await member_token(client, owner, ann)

    # when ann buys once, then is awarded 1,000 points (silver), then buys again
    await record(client, owner, order(ann, 1_000))
    after_one = (await gql(client, MINE, token=token))["me"]
    await award(client, owner, ann, 1_000)
    after_award = (await gql(client, MINE, token=token))["me"]
    await record(client, owner, order(ann, 1_000))
    after_two = (await gql(client, MINE, token=token))["me"]

    # then the tier goal unlocked at the award itself, the monthly one at the second purchase
    month = datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    assert after_one["badges"] == []
    assert after_award["badges"] == [{"achievement": {"name": "Silver"}, "windowKey": "all"}]
    assert after_two["badges"][0] == {"achievement": {"name": "Regular"}, "windowKey": month}
    progress = {p["achievement"]["name"]: p for p in after_two["achievements"]}
    assert (progress["Regular"]["progress"], progress["Regular"]["unlocked"]) == (2, True)
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 1_000 + 50
    await assert_ledger_ok(settings)
