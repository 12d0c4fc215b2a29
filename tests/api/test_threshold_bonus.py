"""满额送: a campaign for orders from an amount up pays once per order, however many times the
order is sent at once, and nothing below the amount."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx

from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.earning import CAMPAIGN, SETTINGS, order, record
from tests.api.operations.members import new_member
from tests.api.operations.points import wallet
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok


async def test_spend_150_get_50_pays_once_per_qualifying_order(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a merchant paying 1 point per CNY at once, and 50 more for orders from 150 CNY
    merchant = await sign_up(client)
    owner = merchant.access_token
    values = {"returnWindowDays": 0, "stacking": "ADD"}
    assert (await gql(client, SETTINGS, {"input": values}, owner))["updateEarningSettings"][
        "userErrors"
    ] == []
    now = datetime.now(UTC)
    campaign = {"name": "满150送50", "kind": "BONUS", "bonusPoints": 50, "minOrder": 15_000,
                "startsAt": (now - timedelta(hours=1)).isoformat(),
                "endsAt": (now + timedelta(days=7)).isoformat()}  # fmt: skip
    made = await gql(client, CAMPAIGN, {"input": {"campaign": campaign}}, owner)
    assert made["createCampaign"]["userErrors"] == []
    ann = await new_member(client, owner, "ann")

    # when a 200 CNY order is sent five times at once, and a 100 CNY order once
    big = order(ann, 20_000)
    sent = await asyncio.gather(*(record(client, owner, big) for _ in range(5)))
    small = await record(client, owner, order(ann, 10_000))

    # then the big order earned 200 + 50 once, the small one 100 and no bonus
    lines = [
        (line["source"], line["points"])
        for line in next(s for s in sent if not s["replayed"])["purchase"]["breakdown"]
    ]
    assert lines == [("RULE", 200), ("CAMPAIGN", 50)]
    assert sorted(s["replayed"] for s in sent) == [False, True, True, True, True]
    assert [line["source"] for line in small["purchase"]["breakdown"]] == ["RULE"]
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 200 + 50 + 100
    await assert_ledger_ok(settings)
