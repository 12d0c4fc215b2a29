"""Ids inside inputs name the caller's own objects: merchant B naming merchant A's tier, reward
or member is answered exactly as an id that names nothing, and no row of B points at A.

The schema-walking test (test_tenant_isolation.py) shows B learns and changes nothing of A; this
one shows B cannot store a reference to A either, field by field and then over every table.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import httpx
import pytest

from app.core.db import database_credentials
from app.core.settings import Settings
from tests.api.graphql import gql, post
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award, wallet
from tests.api.operations.tenancy import sign_up
from tests.db import rows_naming

ERRORS = "userErrors { field code message }"
TIERS = "query { tiers { id } }"
REWARD = (
    f"""mutation($i: RewardInput!) {{ createReward(input: $i) {{ reward {{ id }} {ERRORS} }} }}"""
)
CAMPAIGN = f"""mutation($i: CreateCampaignInput!) {{ createCampaign(input: $i) {{
  campaign {{ id }} {ERRORS} }} }}"""
UPDATE_CAMPAIGN = f"""mutation($i: UpdateCampaignInput!) {{ updateCampaign(input: $i) {{
  campaign {{ id tierIds }} {ERRORS} }} }}"""
LOTTERY = f"""mutation($i: CreateLotteryInput!) {{ createLottery(input: $i) {{
  lottery {{ id }} {ERRORS} }} }}"""
SET_TIER = f"""mutation($i: SetMemberTierInput!) {{ setMemberTier(input: $i) {{ {ERRORS} }} }}"""
REDEEM = f"""mutation($i: RedeemRewardInput!) {{ redeemReward(input: $i) {{
  order {{ id }} {ERRORS} }} }}"""
RECOMMENDED = "query($m: ID) { recommendedRewards(memberId: $m) { reward { id } } }"


def _campaign(tier: str) -> dict[str, Any]:
    return {
        "name": "Gold weekend",
        "kind": "BONUS",
        "bonusPoints": 10,
        "startsAt": "2030-01-01T00:00:00Z",
        "endsAt": "2030-01-03T00:00:00Z",
        "tierIds": [tier],
    }


def _reward(**extra: Any) -> dict[str, Any]:
    return {"name": "Mug", "type": "PHYSICAL", "pricePoints": 10, "stock": 5, **extra}


async def _refusals(
    call: Callable[[str], Awaitable[dict[str, Any]]], foreign: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The answer to A's id and to an id that names nothing."""
    return await call(foreign), await call(str(uuid.uuid4()))


async def test_ids_of_another_merchant_are_refused_like_unknown_ids(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given merchant A's tiers and reward, and merchant B with a campaign and two members
    a, b = await sign_up(client), await sign_up(client)
    a_tier = (await gql(client, TIERS, token=a.access_token))["tiers"][-1]["id"]
    a_reward = (await gql(client, REWARD, {"i": _reward()}, a.access_token))["createReward"]
    a_reward_id = a_reward["reward"]["id"]
    b_tier = (await gql(client, TIERS, token=b.access_token))["tiers"][-1]["id"]
    own = await gql(client, CAMPAIGN, {"i": {"campaign": _campaign(b_tier)}}, b.access_token)
    b_campaign = own["createCampaign"]["campaign"]["id"]
    b_member = await new_member(client, b.access_token, "b-1")
    b_other = await new_member(client, b.access_token, "b-2")
    await award(client, b.access_token, b_other, 100)
    service = _reward(type="SERVICE")
    b_reward = (await gql(client, REWARD, {"i": service}, b.access_token))["createReward"]

    async def mutate(document: str, field: str, values: dict[str, Any]) -> dict[str, Any]:
        answer = await gql(client, document, {"i": values}, b.access_token)
        payload: dict[str, Any] = answer[field]
        return payload

    cases: dict[str, Callable[[str], Awaitable[dict[str, Any]]]] = {
        "createCampaign tierIds": lambda tier: mutate(
            CAMPAIGN, "createCampaign", {"campaign": _campaign(tier)}
        ),
        "updateCampaign tierIds": lambda tier: mutate(
            UPDATE_CAMPAIGN,
            "updateCampaign",
            {"campaignId": b_campaign, "campaign": _campaign(tier)},
        ),
        "createReward minTierId": lambda tier: mutate(
            REWARD, "createReward", _reward(minTierId=tier)
        ),
        "createReward tierPrices": lambda tier: mutate(
            REWARD, "createReward", _reward(tierPrices=[{"tierId": tier, "pricePoints": 5}])
        ),
        "setMemberTier tierId": lambda tier: mutate(
            SET_TIER, "setMemberTier", {"memberId": b_member, "tierId": tier}
        ),
    }
    prize = {"name": "Mug", "kind": "REWARD", "weight": 1}
    lottery: dict[str, Any] = {"name": "Spin", "costPoints": 1}

    for name, call in cases.items():
        # when B names A's tier, and then a tier that does not exist
        foreign, unknown = await _refusals(call, a_tier)
        # then both are refused, with the same answer
        assert foreign["userErrors"], name
        assert foreign == unknown, name
    # when B's lottery names A's reward as a prize, and then a reward that does not exist
    foreign, unknown = await _refusals(
        lambda reward: mutate(
            LOTTERY, "createLottery", lottery | {"prizes": [prize | {"rewardId": reward}]}
        ),
        a_reward_id,
    )
    # then both are refused alike
    assert foreign["userErrors"]
    assert foreign == unknown
    # and B's campaign still names only B's tier
    campaigns = await gql(client, "query { campaigns { id tierIds } }", token=b.access_token)
    assert campaigns["campaigns"] == [{"id": b_campaign, "tierIds": [b_tier]}]

    # when B's member redeems with its own token but names another member of B
    token = await member_token(client, b.access_token, b_member)
    redeem = {"rewardId": b_reward["reward"]["id"], "idempotencyKey": secrets.token_hex(8)}
    named = await gql(client, REDEEM, {"i": redeem | {"memberId": b_other}}, token)
    recommended = (await post(client, RECOMMENDED, {"m": b_other}, token)).json()
    # then it is refused as an unknown member, and the other member keeps every point
    assert named["redeemReward"]["userErrors"][0]["code"] == "MEMBER_NOT_FOUND"
    assert recommended["errors"][0]["extensions"]["code"] == "MEMBER_NOT_FOUND"
    assert (await wallet(client, b.access_token, b_other))["wallet"]["available"] == 100
    # while naming itself is fine
    own_redeem = redeem | {"memberId": b_member, "idempotencyKey": secrets.token_hex(8)}
    itself = await gql(client, REDEEM, {"i": own_redeem}, token)
    assert itself["redeemReward"]["userErrors"][0]["code"] == "INSUFFICIENT_POINTS"

    # and no row of B anywhere holds an id of A
    a_ids = [a.tenant_id, a_tier, a_reward_id]
    assert await rows_naming(settings, b.tenant_id, a_ids) == {}
    # and the database itself refuses one, even to its owner
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        with pytest.raises(asyncpg.ForeignKeyViolationError, match="reward_min_tier_fk"):
            await connection.execute(
                "UPDATE reward SET min_tier_id = $1 WHERE id = $2",
                uuid.UUID(a_tier),
                uuid.UUID(b_reward["reward"]["id"]),
            )
        with pytest.raises(asyncpg.ForeignKeyViolationError, match="tier_change_to_fk"):
            await connection.execute(
                "INSERT INTO tier_change (id, tenant_id, member_id, to_tier_id, reason, created_at)"
                " VALUES (gen_random_uuid(), $1, $2, $3, 'hand edit', now())",
                uuid.UUID(b.tenant_id),
                uuid.UUID(b_member),
                uuid.UUID(a_tier),
            )
    finally:
        await connection.close()
