"""The member mall, opened from the portal as a member: check in, redeem, see the order."""

from __future__ import annotations

import httpx
from playwright.async_api import Browser

from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.members import new_member
from tests.api.operations.points import award, wallet
from tests.api.operations.tenancy import PASSWORD, sign_up
from tests.browser.conftest import SCREENSHOTS, offline_page, sign_in
from tests.ledger_check import assert_ledger_ok

REWARD = """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } userErrors { code } } }"""
RULE = """mutation($i: CreateEarnRuleInput!) { createEarnRule(input: $i) { rule { id } userErrors { code } } }"""


async def test_a_member_checks_in_redeems_and_sees_the_order(
    browser: Browser, live_server: str, client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a merchant with a check-in rule paying 10, a 300-point latte and a member with 1,000
    merchant = await sign_up(client)
    owner = merchant.access_token
    latte = {"name": "Latte", "type": "SERVICE", "pricePoints": 300, "stock": 5}
    assert (await gql(client, REWARD, {"i": latte}, owner))["createReward"]["userErrors"] == []
    check_in = {"occasion": {"kind": "CHECK_IN", "name": "Daily", "schedule": [10]}}
    assert (await gql(client, RULE, {"i": check_in}, owner))["createEarnRule"]["userErrors"] == []
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 1_000)
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)
    await sign_in(page, live_server, merchant.email, PASSWORD)

    # when the owner opens the mall as ann from her page in the portal
    await page.goto(f"{live_server}/portal/#members/{ann}")
    async with page.expect_popup() as opened:
        await page.locator("#open-mall").click()
    mall = await opened.value
    await mall.set_viewport_size({"width": 390, "height": 844})
    mall.on("pageerror", lambda error: problems.append(str(error)))
    await mall.locator("#balance").get_by_text("1,000").wait_for()
    assert "#token=" not in mall.url  # the token left the address bar

    # and she checks in, then redeems the latte
    await mall.get_by_role("button", name="每日签到").click()
    notice = mall.get_by_role("status")
    await notice.get_by_text("获得 10 积分").wait_for()
    assert "已连续 1 天" in await notice.inner_text()
    await mall.locator("#balance").get_by_text("1,010").wait_for()
    await mall.get_by_role("button", name="立即兑换").click()
    await notice.get_by_text("兑换成功").wait_for()

    # then her points and her orders show it, and so does the ledger
    await mall.locator("#balance").get_by_text("710").wait_for()
    orders = mall.locator("#orders")
    assert "Latte" in await orders.inner_text()
    assert "已确认" in await orders.inner_text()
    await mall.screenshot(path=str(SCREENSHOTS / "mall-phone.png"), full_page=True)
    assert (await wallet(client, owner, ann))["wallet"]["available"] == 710
    assert problems == []
    await mall.close()
    await page.close()
    await assert_ledger_ok(settings)


async def test_the_mall_without_a_token_says_where_to_open_it(
    browser: Browser, live_server: str
) -> None:
    problems: list[str] = []
    page = await offline_page(browser, live_server, 390, problems)
    await page.goto(f"{live_server}/mall/some-shop")
    await page.get_by_text("请从商户的 App 打开积分商城。").wait_for()
    assert problems == []
    await page.close()
