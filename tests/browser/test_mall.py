"""The member mall, opened from the portal as a member: check in, redeem, see the order."""

from __future__ import annotations

import base64
from typing import Any

import httpx
from playwright.async_api import Browser, Request

from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.members import member_token, new_member
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
    sent: list[Any] = []

    def record(request: Request) -> None:
        if request.url.endswith("/graphql") and request.method == "POST":
            sent.append(request.post_data_json)

    mall.on("request", record)
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
    assert "null" not in await mall.locator("body").inner_text()
    assert "已确认" in await orders.inner_text()
    await mall.screenshot(path=str(SCREENSHOTS / "mall-phone.png"), full_page=True)
    assert (await wallet(client, owner, ann))["wallet"]["available"] == 710
    assert problems == []
    # every call went by hash alone: the mall's documents are registered with the API
    assert sent
    assert all("query" not in body and body["extensions"]["persistedQuery"] for body in sent)
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


LOTTERY = """mutation($i: CreateLotteryInput!) { createLottery(input: $i) {
  lottery { id } userErrors { code } } }"""
ORDERS = "{ orders(first: 5) { nodes { status shippingAddress } } }"


async def test_a_member_draws_a_prize_tops_the_board_and_orders_goods_to_an_address(
    browser: Browser, live_server: str, client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a lottery whose only prize is 500 points, a 600-point thermos, and ann with 1,000
    merchant = await sign_up(client)
    owner = merchant.access_token
    prize = {"name": "500 积分", "kind": "POINTS", "points": 500, "weight": 1}
    lottery = {"name": "幸运转盘", "costPoints": 100, "dailyLimit": 1, "prizes": [prize]}
    assert (await gql(client, LOTTERY, {"i": lottery}, owner))["createLottery"]["userErrors"] == []
    thermos = {"name": "Thermos", "type": "PHYSICAL", "pricePoints": 600, "stock": 3}
    assert (await gql(client, REWARD, {"i": thermos}, owner))["createReward"]["userErrors"] == []
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 1_000)
    token = await member_token(client, owner, ann)
    problems: list[str] = []
    page = await offline_page(browser, live_server, 390, problems)
    await page.goto(f"{live_server}/mall/{merchant.slug}#token={token}")
    await page.locator("#balance").get_by_text("1,000").wait_for()

    # when she draws once: -100 + 500
    await page.get_by_role("button", name="抽一次 · 100 Stars").click()
    await page.get_by_role("status").get_by_text("恭喜！获得 500 积分").wait_for()
    await page.locator("#balance").get_by_text("1,400").wait_for()

    # then a second draw today is refused in words, and she leads this week's board
    await page.get_by_role("button", name="抽一次 · 100 Stars").click()
    await page.get_by_role("status").get_by_text("今天的次数已用完。").wait_for()
    await page.locator("#leaderboard li.me").get_by_text("（我）").wait_for()

    # when she redeems the thermos, which first asks where to send it
    await (
        page.locator("article.reward", has_text="Thermos")
        .get_by_role("button", name="立即兑换")
        .click()
    )
    await page.get_by_placeholder("收货人").fill("安 李")
    await page.get_by_placeholder("手机号").fill("13900000002")
    await page.get_by_placeholder("详细地址").fill("上海市黄浦区南京东路 1 号")
    await page.get_by_role("button", name="确认兑换").click()
    await page.get_by_role("status").get_by_text("兑换成功！").wait_for()
    await page.screenshot(path=str(SCREENSHOTS / "mall-games-phone.png"), full_page=True)

    # then the order carries the address, and her points add up: 1,000 - 100 + 500 - 600
    orders = (await gql(client, ORDERS, token=token))["orders"]["nodes"]
    assert orders == [
        {
            "status": "CONFIRMED",
            "shippingAddress": {
                "recipient": "安 李",
                "phone": "13900000002",
                "street": "上海市黄浦区南京东路 1 号",
            },
        }
    ]
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 800
    assert problems == []
    await page.close()
    await assert_ledger_ok(settings)


PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
BRAND = """mutation($i: UpdateTenantInput!) { updateTenant(input: $i) {
  tenant { name locale branding { logoUrl primaryColor accentColor } currency { name } }
  userErrors { field code } } }"""


async def test_the_mall_wears_the_merchants_name_colours_logo_and_points_name(
    browser: Browser, live_server: str, client: httpx.AsyncClient
) -> None:
    # given a merchant that renamed itself and its points and set its colours and logo
    merchant = await sign_up(client)
    owner = merchant.access_token
    logo = "https://cdn.example.com/logo.png"
    bad = await gql(client, BRAND, {"i": {"primaryColor": "red", "name": "Never"}}, owner)
    changes = {"name": "Bean Bar", "currencyName": "Beans", "primaryColor": "#0F766E",
               "accentColor": "#134e4a", "logoUrl": logo, "locale": "en-US"}  # fmt: skip
    changed = (await gql(client, BRAND, {"i": changes}, owner))["updateTenant"]
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 250)
    token = await member_token(client, owner, ann)

    # when ann opens the mall
    problems: list[str] = []
    page = await offline_page(browser, live_server, 390, problems)
    # the merchant's CDN, stood in for by the test (the page may reach nothing else)
    await page.route(logo, lambda route: route.fulfill(body=PIXEL, content_type="image/png"))
    await page.goto(f"{live_server}/mall/{merchant.slug}#token={token}")
    await page.locator("#balance").get_by_text("250").wait_for()

    # then it shows the logo, the new colours, the points' new name, in English; the refused change
    # (a colour that is not #rrggbb) changed nothing, not even the name sent with it
    assert bad["updateTenant"]["userErrors"] == [{"field": "primaryColor", "code": "INVALID_INPUT"}]
    assert changed["userErrors"] == []
    assert changed["tenant"] == {
        "name": "Bean Bar", "locale": "en-US", "currency": {"name": "Beans"},
        "branding": {"logoUrl": logo, "primaryColor": "#0f766e", "accentColor": "#134e4a"},
    }  # fmt: skip
    assert await page.locator(".wallet img.logo").get_attribute("src") == logo
    accent = await page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"
    )
    assert accent == "#0f766e"
    await page.locator("#balance").get_by_text("Beans").wait_for()
    assert await page.title() == "Bean Bar · Points mall"  # the merchant's locale, en-US
    await page.screenshot(path=str(SCREENSHOTS / "mall-branded-phone.png"), full_page=True)
    await page.set_viewport_size({"width": 1280, "height": 900})
    await page.screenshot(path=str(SCREENSHOTS / "mall-branded-desktop.png"), full_page=True)
    assert await page.locator(".wallet img.logo").evaluate("img => img.naturalWidth") == 1
    assert problems == []
    await page.close()
