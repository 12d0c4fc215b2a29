"""The portal's programme screens: a check-in schedule and a double-points campaign added, a
tier's threshold changed, yearly clearing on 12-31 set, a lottery made; each checked through the
API, and what a member then earns."""

from __future__ import annotations

import httpx
from playwright.async_api import Browser, expect

from tests.api.graphql import gql
from tests.api.operations.members import member_token, new_member
from tests.api.operations.tenancy import PASSWORD, sign_up
from tests.browser.conftest import SCREENSHOTS, offline_page, sign_in

PROGRAMME = """{ earnRules { kind name config status } campaigns { name multiplier status }
  tiers { name threshold } pointsPolicy { expiryKind clearingMonth clearingDay }
  lotteries { name costPoints prizes { kind weight } } }"""
CHECK_IN = "mutation { checkIn { points userErrors { code } } }"


async def test_an_owner_shapes_the_programme_and_a_member_earns_by_it(
    browser: Browser, live_server: str, client: httpx.AsyncClient
) -> None:
    merchant = await sign_up(client)
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)
    await sign_in(page, live_server, merchant.email, PASSWORD)
    await page.get_by_role("link", name="积分规则", exact=True).click()

    # when the owner adds a daily check-in paying 8, 8, 15 over a streak
    await page.select_option("#rule-kind", "CHECK_IN")
    await expect(page.locator("#rule-points-field")).to_be_hidden()
    await page.fill("#rule-name", "每日签到")
    await page.fill("#rule-schedule", "8, 8, 15")
    await page.locator("#new-rule").get_by_role("button", name="添加").click()
    await expect(page.locator('#rules tr[data-rule="每日签到"]')).to_contain_text("8 / 8 / 15")

    # and a double-points weekend campaign
    await page.fill("#campaign-name", "周末双倍")
    await page.fill("#campaign-starts", "2026-01-01T00:00")
    await page.fill("#campaign-ends", "2027-01-01T00:00")
    await page.locator("#new-campaign").get_by_role("button", name="添加").click()
    await expect(page.locator('#campaigns tr[data-campaign="周末双倍"]')).to_contain_text(
        "\u00d72"
    )  # x2
    await page.screenshot(path=str(SCREENSHOTS / "portal-programme-desktop.png"), full_page=True)

    # and lowers the second tier's threshold to 500
    await page.get_by_role("link", name="会员等级").click()
    second = page.locator("#tiers tbody tr").nth(1)
    name = (await second.locator("td").nth(1).inner_text()).strip()
    await second.get_by_role("button", name="编辑").click()
    await page.fill("#tier-threshold", "500")
    await page.locator("#tier-form").get_by_role("button", name="保存").click()
    await expect(page.locator(f'#tiers tr[data-tier="{name}"]')).to_contain_text("500")

    # and clears points every year (a 13th month is refused with the API's own words)
    await page.get_by_role("link", name="有效期与退款").click()
    await page.select_option("#expiry-kind", "YEARLY_DATE")
    await page.fill("#expiry-month", "13")
    await page.fill("#expiry-day", "28")
    policy = page.locator("#points-policy")
    await policy.get_by_role("button", name="保存").click()
    await expect(policy.get_by_role("alert")).to_contain_text("1-12")
    await page.fill("#expiry-month", "12")
    await policy.get_by_role("button", name="保存").click()
    await expect(policy).to_have_attribute("data-kind", "YEARLY_DATE")  # as the server answered

    # and opens a lottery at 50 points a draw
    await page.get_by_role("link", name="抽奖与排行榜").click()
    await page.fill("#lottery-name", "幸运转盘")
    await page.locator("#new-lottery").get_by_role("button", name="添加").click()
    await expect(page.locator('#lotteries tr[data-lottery="幸运转盘"]')).to_contain_text("谢谢参与")
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(path=str(SCREENSHOTS / "portal-programme-phone.png"), full_page=True)

    # then the API holds exactly that programme
    data = await gql(client, PROGRAMME, token=merchant.access_token)
    check_in = [rule for rule in data["earnRules"] if rule["kind"] == "CHECK_IN"]
    assert [(rule["name"], rule["config"]["schedule"]) for rule in check_in] == [
        ("每日签到", [8, 8, 15])
    ]
    assert [(c["name"], c["multiplier"], c["status"]) for c in data["campaigns"]] == [
        ("周末双倍", "2", "ACTIVE")
    ]
    assert {tier["name"]: tier["threshold"] for tier in data["tiers"]}[name] == 500
    assert data["pointsPolicy"] == {
        "expiryKind": "YEARLY_DATE",
        "clearingMonth": 12,
        "clearingDay": 28,
    }
    assert data["lotteries"] == [
        {
            "name": "幸运转盘",
            "costPoints": 50,
            "prizes": [{"kind": "POINTS", "weight": 10}, {"kind": "NOTHING", "weight": 90}],
        }
    ]

    # and a member's first check-in pays the schedule's first day
    ann = await new_member(client, merchant.access_token, "ann")
    token = await member_token(client, merchant.access_token, ann)
    assert (await gql(client, CHECK_IN, token=token))["checkIn"] == {"points": 8, "userErrors": []}
    assert problems == []
    await page.close()
