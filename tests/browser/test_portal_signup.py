"""A new merchant, from nothing to points on the dashboard, in the portal only."""

from __future__ import annotations

import secrets

import httpx
from playwright.async_api import Browser

from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.tenancy import LOGIN
from tests.browser.conftest import SCREENSHOTS, offline_page
from tests.ledger_check import assert_ledger_ok

PASSWORD = "Coffee-beans-2026"


async def test_a_new_merchant_signs_up_adds_a_reward_and_a_member_and_sees_the_chart_move(
    browser: Browser, live_server: str, client: httpx.AsyncClient, settings: Settings
) -> None:
    tag = secrets.token_hex(3)
    email = f"owner-{tag}@example.com"
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)

    # step 1: the merchant, its owner and its points
    await page.goto(f"{live_server}/portal/")
    await page.locator("#signup-link").click()
    await page.fill("#signup-merchantName", "晨光咖啡")
    await page.fill("#signup-slug", f"morning-{tag}")
    await page.fill("#signup-ownerEmail", email)
    await page.fill("#signup-ownerPassword", PASSWORD)
    await page.fill("#signup-currency-code", "BEAN")
    await page.fill("#signup-currency-name", "咖啡豆")
    await page.get_by_role("button", name="创建商户").click()

    # step 2: what it starts with, to read; step 3: a first reward
    await page.locator("#defaults").wait_for()
    assert await page.locator("#default-rule").inner_text() == "每消费 1 CNY 得 1 积分。"
    await page.screenshot(path=str(SCREENSHOTS / "portal-signup-defaults.png"), full_page=True)
    await page.get_by_role("button", name="下一步").click()
    await page.fill("#reward-name", "拿铁一杯")
    await page.fill("#reward-price", "500")
    await page.get_by_role("button", name="完成").click()

    # then the dashboard, with what to do next and nothing moved yet
    await page.locator("#what-next").wait_for()
    await page.get_by_text("这段时间还没有积分变动。").wait_for()

    # when the owner adds a member and gives her 800 points
    await page.get_by_role("link", name="会员", exact=True).click()
    await page.fill("#new-external-id", "m-001")
    await page.fill("#new-name", "李雷")
    await page.get_by_role("button", name="添加", exact=True).click()
    await page.locator("#wallet").get_by_text("0 BEAN").wait_for()
    await page.fill("#award-amount", "800")
    await page.fill("#award-reason", "开业礼")
    await page.get_by_role("button", name="发放积分").click()
    await page.locator("#wallet").get_by_text("800 BEAN").wait_for()

    # then the dashboard's liability and today's bar show the 800 points
    await page.get_by_role("link", name="概览", exact=True).click()
    await page.locator("#liability").get_by_text("800 BEAN").wait_for()
    assert await page.locator("rect.bar.issued[data-value='800']").count() == 1
    await page.screenshot(path=str(SCREENSHOTS / "portal-after-signup.png"), full_page=True)
    assert problems == []
    await page.close()

    # and the API agrees: the merchant's reward is in its mall
    login = await gql(client, LOGIN, {"input": {"email": email, "password": PASSWORD}})
    token = login["login"]["session"]["accessToken"]
    rewards = await gql(client, "{ rewards(first: 5) { nodes { name pricePoints } } }", token=token)
    assert rewards["rewards"]["nodes"] == [{"name": "拿铁一杯", "pricePoints": 500}]
    await assert_ledger_ok(settings)
