"""One clock per merchant: its time zone is set at sign-up, changed by the owner, and every
daily rule counts its local days. Each boundary is tried for a merchant in Shanghai (UTC+8)
and one in New York (UTC-5 in winter): a draw, an order or a check-in a minute before the
merchant's midnight belongs to yesterday, one a minute after to today."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx
import pytest

from app.core.clock import local_day_start
from app.core.settings import Settings
from app.earning import occasion_awards
from app.earning.models import EarnRuleKind
from app.earning.programme import create_occasion_rule
from app.earning.specs import OccasionRuleSpec
from app.ledger.leaderboard import Period, key
from app.ledger.reminders import reminding_hour
from tests.api.graphql import gql
from tests.api.operations.analytics import owner_sql
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award
from tests.api.operations.tenancy import SIGN_UP, Merchant, sign_up, sign_up_input

ZONES = ["Asia/Shanghai", "America/New_York"]
TENANT = "{ tenant { timeZone } earningSettings { timeZone } }"
UPDATE = """mutation($z: String) { updateTenant(input: {timeZone: $z}) {
  tenant { timeZone } userErrors { field code } } }"""
LOTTERY = """mutation($i: CreateLotteryInput!) { createLottery(input: $i) {
  lottery { id } userErrors { code } } }"""
DRAW = """mutation($i: DrawLotteryInput!) { drawLottery(input: $i) {
  draw { id } userErrors { code } } }"""
REWARD = """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } } }"""
REDEEM = """mutation($i: RedeemRewardInput!) { redeemReward(input: $i) {
  order { id } userErrors { code } } }"""


def _edges(zone: ZoneInfo) -> tuple[datetime, datetime]:
    """A minute before and a second after the merchant's last midnight."""
    midnight = local_day_start(datetime.now(UTC), zone)
    return midnight - timedelta(minutes=1), midnight + timedelta(seconds=1)


async def _shop(client: httpx.AsyncClient, zone: str) -> tuple[Merchant, str, str]:
    merchant = await sign_up(client, timeZone=zone)
    ann = await new_member(client, merchant.access_token, "ann")
    await award(client, merchant.access_token, ann, 1_000)
    return merchant, ann, await member_token(client, merchant.access_token, ann)


async def test_the_time_zone_is_set_at_sign_up_and_changed_by_the_owner_only(
    client: httpx.AsyncClient,
) -> None:
    merchant = await sign_up(client, timeZone="America/New_York")
    read = await gql(client, TENANT, token=merchant.access_token)
    bad = await gql(client, UPDATE, {"z": "Mars/Olympus"}, merchant.access_token)
    moved = await gql(client, UPDATE, {"z": "Europe/Berlin"}, merchant.access_token)
    refused = await gql(client, SIGN_UP, {"input": sign_up_input(timeZone="Nowhere")})

    assert read == {
        "tenant": {"timeZone": "America/New_York"},
        "earningSettings": {"timeZone": "America/New_York"},
    }
    assert bad["updateTenant"]["userErrors"] == [{"field": "timeZone", "code": "INVALID_INPUT"}]
    assert moved["updateTenant"]["tenant"] == {"timeZone": "Europe/Berlin"}
    [error] = refused["signUpMerchant"]["userErrors"]
    assert (error["field"], error["code"]) == ("timeZone", "INVALID_INPUT")


@pytest.mark.parametrize("zone", ZONES)
async def test_a_lottery_day_is_the_merchants(
    client: httpx.AsyncClient, settings: Settings, zone: str
) -> None:
    merchant, _, token = await _shop(client, zone)
    values = {"name": "Spin", "costPoints": 10, "dailyLimit": 1,
              "prizes": [{"name": "Nothing", "kind": "NOTHING", "weight": 1}]}  # fmt: skip
    lottery = (await gql(client, LOTTERY, {"i": values}, merchant.access_token))["createLottery"]
    draw = {"lotteryId": lottery["lottery"]["id"]}

    async def drawn() -> str:
        answer = await gql(
            client, DRAW, {"i": draw | {"idempotencyKey": secrets.token_hex(6)}}, token
        )
        errors: list[dict[str, Any]] = answer["drawLottery"]["userErrors"]
        return errors[0]["code"] if errors else "OK"

    before, after = _edges(ZoneInfo(zone))
    first = await drawn()
    await owner_sql(settings, "UPDATE lottery_draw SET created_at = $1", before)
    # yesterday's draw does not count today
    second = await drawn()
    await owner_sql(
        settings, "UPDATE lottery_draw SET created_at = $1 WHERE created_at > $2", after, before
    )
    third = await drawn()

    assert (first, second, third) == ("OK", "OK", "LIMIT_REACHED")


@pytest.mark.parametrize("zone", ZONES)
async def test_a_redemption_day_is_the_merchants(
    client: httpx.AsyncClient, settings: Settings, zone: str
) -> None:
    merchant, _, token = await _shop(client, zone)
    values = {"type": "SERVICE", "name": "Tea", "pricePoints": 10, "stock": 9,
              "perMemberDailyLimit": 1}  # fmt: skip
    reward = (await gql(client, REWARD, {"i": values}, merchant.access_token))["createReward"]

    async def redeemed() -> str:
        order = {"rewardId": reward["reward"]["id"], "idempotencyKey": secrets.token_hex(6)}
        errors = (await gql(client, REDEEM, {"i": order}, token))["redeemReward"]["userErrors"]
        return str(errors[0]["code"]) if errors else "OK"

    before, after = _edges(ZoneInfo(zone))
    first = await redeemed()
    tenant = UUID(merchant.tenant_id)
    await owner_sql(
        settings, "UPDATE redemption_order SET created_at = $1 WHERE tenant_id = $2", before, tenant
    )
    second = await redeemed()
    await owner_sql(
        settings,
        "UPDATE redemption_order SET created_at = $1 WHERE tenant_id = $2 AND created_at > $3",
        after,
        tenant,
        before,
    )
    third = await redeemed()
    await owner_sql(settings, "SELECT analytics_rollup_rebuild($1)", tenant)

    assert (first, second, third) == ("OK", "OK", "LIMIT_REACHED")


@pytest.mark.parametrize("zone", ZONES)
async def test_a_check_in_day_is_the_merchants(client: httpx.AsyncClient, zone: str) -> None:
    merchant, ann, _ = await _shop(client, zone)
    tenant = UUID(merchant.tenant_id)
    rule = OccasionRuleSpec(EarnRuleKind.CHECK_IN, "Daily", schedule=[5, 10])
    await create_occasion_rule(tenant, rule)
    # 23:59 and 00:01 local on 15 January (winter: New York is UTC-5)
    local_midnight = datetime(2027, 1, 15, tzinfo=ZoneInfo(zone)).astimezone(UTC)

    late = await occasion_awards.check_in(tenant, UUID(ann), local_midnight - timedelta(minutes=1))
    early = await occasion_awards.check_in(tenant, UUID(ann), local_midnight + timedelta(minutes=1))

    assert (late.streak, early.streak) == (1, 2)


@pytest.mark.parametrize(
    ("zone", "sunday_night_utc"),
    [
        ("Asia/Shanghai", datetime(2027, 1, 17, 15, 59, tzinfo=UTC)),  # Sun 23:59 in Shanghai
        ("America/New_York", datetime(2027, 1, 18, 4, 59, tzinfo=UTC)),  # Sun 23:59 in New York
    ],
)
def test_leaderboard_weeks_and_reminders_follow_the_merchants_clock(
    zone: str, sunday_night_utc: datetime
) -> None:
    local = ZoneInfo(zone)
    tenant = UUID(int=1)
    sunday = key(tenant, Period.WEEK, sunday_night_utc.astimezone(local))
    monday = key(tenant, Period.WEEK, (sunday_night_utc + timedelta(minutes=2)).astimezone(local))

    assert sunday.endswith("week:2027-W02")
    assert monday.endswith("week:2027-W03")
    # reminders go out from 09:00 local, not at 09:00 UTC
    nine = datetime(2027, 1, 18, 9, tzinfo=local).astimezone(UTC)
    assert not reminding_hour(nine - timedelta(minutes=1), local)
    assert reminding_hour(nine, local)
