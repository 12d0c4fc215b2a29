"""Leaderboards: points earned per period in Redis, masked names, and a rebuild from the
ledger after Redis loses them."""

from __future__ import annotations

from uuid import UUID

import httpx

from app.core.redis import connect_redis, tenant_key
from app.core.settings import Settings
from app.ledger.leaderboard import rebuild
from tests.api.graphql import gql
from tests.api.operations.earning import SETTINGS, order, record, refund
from tests.api.operations.members import member_token, upsert
from tests.api.operations.points import award, deduct
from tests.api.operations.tenancy import sign_up

BOARD = """query($p: LeaderboardPeriod!) { leaderboard(period: $p, first: 10) {
  rank name points isMe } }"""
MINE = "{ me { leaderboardRank(period: ALL_TIME) { rank points } } }"


async def test_members_rank_by_points_earned_and_a_rebuild_restores_the_boards(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given three members who earned (and spent) points, one award replayed
    merchant = await sign_up(client)
    owner = merchant.access_token
    ids = {}
    for external, name in (("ann", "Annabel"), ("bob", "张三丰"), ("cy", "Cy")):
        ids[external] = (await upsert(client, owner, externalId=external, displayName=name))[
            "member"
        ]["id"]
    await award(client, owner, ids["ann"], 300, idempotencyKey="same")
    await award(client, owner, ids["ann"], 300, idempotencyKey="same")
    await award(client, owner, ids["bob"], 200)
    await award(client, owner, ids["bob"], 300)
    await deduct(client, owner, ids["bob"], 250)
    await award(client, owner, ids["cy"], 100)
    ann = await member_token(client, owner, ids["ann"])

    # when Ann looks at this week's board and her own rank
    week = (await gql(client, BOARD, {"p": "WEEK"}, ann))["leaderboard"]
    mine = (await gql(client, MINE, token=ann))["me"]["leaderboardRank"]

    # then points earned count, spending does not, replays once, and names are masked
    expected = [
        {"rank": 1, "name": "张*丰", "points": 500, "isMe": False},
        {"rank": 2, "name": "A***l", "points": 300, "isMe": True},
        {"rank": 3, "name": "C*", "points": 100, "isMe": False},
    ]
    assert week == expected
    assert mine == {"rank": 2, "points": 300}

    # and after Redis loses the tenant's boards, a rebuild from the ledger gives them back
    redis = connect_redis(settings.redis_url or "")
    try:
        lost = [k async for k in redis.scan_iter(match=tenant_key(merchant.tenant_id, "lb", "*"))]
        await redis.delete(*lost)
        empty = (await gql(client, BOARD, {"p": "ALL_TIME"}, owner))["leaderboard"]
        members = await rebuild(redis, UUID(merchant.tenant_id))
    finally:
        await redis.aclose()
    restored = (await gql(client, BOARD, {"p": "MONTH"}, ann))["leaderboard"]
    assert len(lost) == 3
    assert empty == []
    assert members == 3
    assert restored == expected


async def test_points_a_refund_claws_back_leave_the_boards_live_and_rebuilt(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given ann, who earned 1,000 on a purchase paid at once and 100 from an award
    merchant = await sign_up(client)
    owner = merchant.access_token
    settings_input = {"returnWindowDays": 0, "stacking": "MULTIPLY"}
    assert (await gql(client, SETTINGS, {"input": settings_input}, owner))["updateEarningSettings"][
        "userErrors"
    ] == []
    ann = (await upsert(client, owner, externalId="ann", displayName="Ann"))["member"]["id"]
    purchase = order(ann, 100_000)
    bought = await record(client, owner, purchase)
    await award(client, owner, ann, 100)

    # when half the order is refunded (500 points clawed back)
    refunded = await refund(client, owner, purchase["orderId"], 50_000)
    live = (await gql(client, BOARD, {"p": "WEEK"}, owner))["leaderboard"]
    redis = connect_redis(settings.redis_url or "")
    try:
        await rebuild(redis, UUID(merchant.tenant_id))
    finally:
        await redis.aclose()
    rebuilt = (await gql(client, BOARD, {"p": "WEEK"}, owner))["leaderboard"]

    # then the board counts what she still earned: 1,100 - 500 (was 1,100)
    assert bought["userErrors"] == []
    assert refunded["userErrors"] == []
    assert [row["points"] for row in live] == [600]
    assert rebuilt == live
