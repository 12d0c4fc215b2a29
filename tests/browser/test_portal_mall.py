"""The portal's mall screen: a reward added there, an order of it moved to fulfilled and done."""

from __future__ import annotations

import httpx
from playwright.async_api import Browser

from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award
from tests.api.operations.tenancy import PASSWORD, sign_up
from tests.browser.conftest import SCREENSHOTS, offline_page, sign_in
from tests.ledger_check import assert_ledger_ok

REWARDS = "{ rewards(first: 5) { nodes { id name } } }"
REDEEM = """mutation($i: RedeemRewardInput!) { redeemReward(input: $i) {
  order { id } userErrors { code } } }"""
ORDERS = "{ orders(first: 5) { nodes { status } } }"


async def test_an_owner_adds_a_reward_and_walks_its_order_to_completed(
    browser: Browser, live_server: str, client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    await award(client, merchant.access_token, ann, 1_000)
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)
    await sign_in(page, live_server, merchant.email, PASSWORD)

    # when the owner adds a 400-point voucher in the mall screen
    await page.get_by_role("link", name="商城", exact=True).click()
    await page.fill("#new-reward-name", "Free cake")
    await page.fill("#new-reward-price", "400")
    await page.get_by_role("button", name="添加", exact=True).click()
    await page.locator("#rewards").get_by_text("Free cake").wait_for()

    # and ann redeems it from her app
    token = await member_token(client, merchant.access_token, ann)
    reward = (await gql(client, REWARDS, token=token))["rewards"]["nodes"][0]
    redeemed = await gql(
        client, REDEEM, {"i": {"rewardId": reward["id"], "idempotencyKey": "k1"}}, token
    )
    assert redeemed["redeemReward"]["userErrors"] == []

    # then the order shows up, and two clicks take it to fulfilled, then completed
    await page.reload()
    row = page.locator("#orders tbody tr").first
    await row.get_by_text("已确认").wait_for()
    await row.get_by_role("button", name="发放").click()
    await page.locator("#orders tbody tr").first.get_by_text("已发放").wait_for()
    await page.locator("#orders tbody tr").first.get_by_role("button", name="完成").click()
    await page.locator("#orders tbody tr").first.get_by_text("已完成").wait_for()
    await page.screenshot(path=str(SCREENSHOTS / "portal-mall-desktop.png"), full_page=True)
    assert (await gql(client, ORDERS, token=token))["orders"]["nodes"] == [{"status": "COMPLETED"}]

    # and the dashboard ranks it first, and counts its hour, by day and by week
    await page.get_by_role("link", name="概览", exact=True).click()
    await page.locator("#top-rewards").get_by_text("Free cake").wait_for()
    await page.locator("svg.chart rect.redeemed[data-value='1']").first.wait_for()
    await page.get_by_role("link", name="按周").click()
    await page.get_by_role("heading", name="每周积分发放、兑换与过期").wait_for()
    await page.locator("svg.chart rect.redeemed[data-value='400']").wait_for()
    await page.screenshot(path=str(SCREENSHOTS / "portal-dashboard-weeks.png"), full_page=True)
    assert problems == []
    await page.close()
    await assert_ledger_ok(settings)
