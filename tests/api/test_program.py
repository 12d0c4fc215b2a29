"""`program`: what a member app reads of the programme (透明规则), exactly as the merchant set
it up, with the member's own standing; API keys read it too, and staff for a named member."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.api.graphql import gql
from tests.api.operations.earning import CAMPAIGN
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award
from tests.api.operations.tenancy import Merchant, create_api_key, sign_up

ACHIEVEMENT = """mutation($i: AchievementInput!) { createAchievement(input: $i) {
  userErrors { code } } }"""
PRIZES = """mutation($i: SetLeaderboardPrizesInput!) { setLeaderboardPrizes(input: $i) {
  userErrors { code } } }"""
RULE = (
    """mutation($i: CreateEarnRuleInput!) { createEarnRule(input: $i) { userErrors { code } } }"""
)
EVENT = (
    """mutation($i: RecordEventInput!) { recordEvent(input: $i) { points userErrors { code } } }"""
)
CHECK_IN = "mutation { checkIn { points streak userErrors { code } } }"
PROGRAM = """query($m: ID) { program(memberId: $m) {
  earnRules { kind name pointsPerUnit points schedule eventCode memberLimit dailyCapPerMember
              timesDone timesLeft pointsLeftToday }
  campaigns { name kind multiplier }
  checkIn { checkedInToday streak todayPoints upcoming { day points } thisMonth }
  pointsPolicy { expiryKind }
  nextExpiring { points expiresAt }
  tiers { name threshold }
  achievements { name target } leaderboardPrizes { period points }
  tier { tier { name } progress nextTier { name } } } }"""


async def _setup(client: httpx.AsyncClient) -> tuple[Merchant, str, str, datetime]:
    """A merchant with a review task (20 points, 3 times, 30 a day), a check-in schedule
    5/10/15, next week's double points; ann with 100 points expiring in 30 days, one review
    and today's check-in. Returns the merchant, ann's id and token, her expiry."""
    merchant = await sign_up(client)
    owner = merchant.access_token
    review = {"occasion": {"kind": "EVENT", "name": "Review", "points": 20, "eventCode": "review",
                           "memberLimit": 3, "dailyCapPerMember": 30}}  # fmt: skip
    daily = {"occasion": {"kind": "CHECK_IN", "name": "Daily", "schedule": [5, 10, 15]}}
    for rule in (review, daily):
        assert (await gql(client, RULE, {"i": rule}, owner))["createEarnRule"]["userErrors"] == []
    now = datetime.now(UTC)
    week = {"name": "Double week", "kind": "MULTIPLIER", "multiplier": "2",
            "startsAt": (now + timedelta(days=7)).isoformat(),
            "endsAt": (now + timedelta(days=14)).isoformat()}  # fmt: skip
    made = await gql(client, CAMPAIGN, {"input": {"campaign": week}}, owner)
    assert made["createCampaign"]["userErrors"] == []
    ann = await new_member(client, owner, "ann")
    expires = (now + timedelta(days=30)).replace(microsecond=0)
    await award(client, owner, ann, 100, expiresAt=expires.isoformat())
    event = {"memberId": ann, "code": "review", "idempotencyKey": "review-1"}
    assert (await gql(client, EVENT, {"i": event}, owner))["recordEvent"]["points"] == 20
    token = await member_token(client, owner, ann)
    assert (await gql(client, CHECK_IN, token=token))["checkIn"]["points"] == 5
    goal = {"name": "Reviewer", "kind": "EVENT_COUNT", "target": 3, "eventCode": "review"}
    made_goal = await gql(client, ACHIEVEMENT, {"i": goal}, owner)
    assert made_goal["createAchievement"]["userErrors"] == []
    prizes = {"period": "WEEK", "points": [300, 100]}
    assert (await gql(client, PRIZES, {"i": prizes}, owner))["setLeaderboardPrizes"][
        "userErrors"
    ] == []
    return merchant, ann, token, expires


async def test_a_member_reads_the_programme_as_the_merchant_set_it_up(
    client: httpx.AsyncClient,
) -> None:
    _, _, token, expires = await _setup(client)

    program: dict[str, Any] = (await gql(client, PROGRAM, token=token))["program"]

    rules = {rule["kind"]: rule for rule in program["earnRules"]}
    assert list(rules) == ["PURCHASE", "CHECK_IN", "EVENT"]
    assert rules["PURCHASE"]["pointsPerUnit"] == "1"
    assert rules["CHECK_IN"]["schedule"] == [5, 10, 15]
    assert {k: rules["EVENT"][k] for k in ("eventCode", "points", "memberLimit",
                                             "dailyCapPerMember")} == {
        "eventCode": "review", "points": 20, "memberLimit": 3, "dailyCapPerMember": 30,
    }  # fmt: skip
    assert (rules["EVENT"]["timesDone"], rules["EVENT"]["timesLeft"]) == (1, 2)
    assert rules["EVENT"]["pointsLeftToday"] == 10  # 30 a day, 20 earned today
    assert program["campaigns"] == [
        {"name": "Double week", "kind": "MULTIPLIER", "multiplier": "2"}
    ]
    check_in = program["checkIn"]
    assert (check_in["checkedInToday"], check_in["streak"], check_in["todayPoints"]) == (True, 1, 5)
    assert [day["points"] for day in check_in["upcoming"][:4]] == [10, 15, 5, 10]
    today = datetime.fromisoformat(check_in["upcoming"][0]["day"]).date() - timedelta(days=1)
    assert check_in["thisMonth"] == [today.isoformat()]
    assert program["pointsPolicy"]["expiryKind"]
    assert program["nextExpiring"]["points"] == 100
    assert datetime.fromisoformat(program["nextExpiring"]["expiresAt"]) == expires
    assert [tier["name"] for tier in program["tiers"]] == ["普通", "银卡", "金卡", "钻石"]
    assert program["achievements"] == [{"name": "Reviewer", "target": 3}]
    assert program["leaderboardPrizes"] == [{"period": "WEEK", "points": [300, 100]}]
    assert program["tier"] == {"tier": {"name": "普通"}, "progress": 125,
                               "nextTier": {"name": "银卡"}}  # fmt: skip


async def test_api_keys_read_it_without_a_member_and_staff_for_a_named_one(
    client: httpx.AsyncClient,
) -> None:
    merchant, ann, token, _ = await _setup(client)
    owner = merchant.access_token
    merchant_key = await create_api_key(client, merchant, ["MEMBERS_READ"])

    anonymous = (await gql(client, PROGRAM, token=merchant_key))["program"]
    for_ann = (await gql(client, PROGRAM, {"m": ann}, owner))["program"]
    nobody = (await gql(client, PROGRAM, {"m": "not-an-id"}, owner))["program"]
    as_member = (await gql(client, PROGRAM, token=token))["program"]

    event = next(rule for rule in anonymous["earnRules"] if rule["kind"] == "EVENT")
    assert (event["timesDone"], event["pointsLeftToday"]) == (None, None)
    assert anonymous["checkIn"]["checkedInToday"] is False
    assert anonymous["checkIn"]["upcoming"][0]["points"] == 5  # a first check-in pays day 1
    assert (anonymous["tier"], anonymous["nextExpiring"]) == (None, None)
    assert for_ann == as_member
    assert nobody == anonymous
