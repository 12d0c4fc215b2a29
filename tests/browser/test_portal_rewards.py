"""The portal's reward editor and shipping: a reward's prices, limits and window changed, its
stock topped up, coupon codes generated; a physical order shipped with its tracking number and
delivered. Each checked through the API."""

from __future__ import annotations

import httpx
from playwright.async_api import Browser, expect

from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.members import new_member
from tests.api.operations.points import award
from tests.api.operations.tenancy import PASSWORD, sign_up
from tests.browser.conftest import SCREENSHOTS, offline_page, sign_in
from tests.ledger_check import assert_ledger_ok

CREATE = """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } userErrors { code } } }"""
READ = """query($id: ID!) { reward(id: $id) { pricePoints priceCash perMemberLimit
  availableUntil stockAvailable tierPrices } tiers { id name } }"""
REDEEM = """mutation($i: RedeemRewardInput!) { redeemReward(input: $i) { order { id } userErrors { code } } }"""
ORDER = "query($id: ID!) { order(id: $id) { status tracking } }"


async def test_an_owner_edits_a_reward_and_ships_its_order(
    browser: Browser, live_server: str, client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    kettle = {"name": "Kettle", "type": "PHYSICAL", "pricePoints": 900, "stock": 2}
    kettle_id = (await gql(client, CREATE, {"i": kettle}, owner))["createReward"]["reward"]["id"]
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)
    page.on("dialog", lambda dialog: dialog.accept())
    await sign_in(page, live_server, merchant.email, PASSWORD)

    # when the owner opens the kettle from the mall screen and makes it 800 points + 9.90,
    # 600 for the top tier, at most 1 a member, until the end of 2030
    await page.get_by_role("link", name="商城", exact=True).click()
    await page.locator("#rewards").get_by_role("link", name="Kettle").click()
    form = page.locator("#reward-form")
    await page.fill("#reward-price", "800")
    await page.fill("#reward-cash", "9.90")
    tiers = (await gql(client, READ, {"id": kettle_id}, owner))["tiers"]
    top = tiers[-1]
    await page.fill(f"#tier-price-{top['id']}", "600")
    await page.fill("#reward-per-member", "1")
    await page.fill("#reward-until", "2030-12-31T23:59")
    await form.get_by_role("button", name="保存").click()
    await expect(page.locator(".tiles .tile").first).to_contain_text("800")  # saved
    # and adds 3 to its stock
    await page.fill("#stock-delta", "3")
    await page.get_by_role("button", name="调整库存").click()
    await expect(page.locator("#reward-stock")).to_contain_text("5")
    await page.screenshot(path=str(SCREENSHOTS / "portal-reward-editor.png"), full_page=True)

    # then the API has all of it, cash in minor units
    reward = (await gql(client, READ, {"id": kettle_id}, owner))["reward"]
    assert reward["pricePoints"] == 800
    assert reward["priceCash"] == 990
    assert reward["perMemberLimit"] == 1
    assert reward["availableUntil"].startswith("2030-12-31")
    assert reward["stockAvailable"] == 5
    assert reward["tierPrices"] == {top["id"]: 600}

    # when a coupon reward gets 3 generated codes
    voucher = {"name": "Voucher", "type": "COUPON", "pricePoints": 100, "stock": 0}
    voucher_id = (await gql(client, CREATE, {"i": voucher}, owner))["createReward"]["reward"]["id"]
    await page.goto(f"{live_server}/portal/#reward/{voucher_id}")
    await page.fill("#coupon-generate", "3")
    await page.fill("#coupon-prefix", "TEA")
    await page.get_by_role("button", name="添加券码").click()
    await expect(page.locator("#coupons-added")).to_contain_text("已添加 3 个券码")
    codes = (await page.locator("#coupons-added pre").inner_text()).split()
    assert len(codes) == 3
    assert all(code.startswith("TEA") for code in codes)

    # and a points-only physical order (the kettle needs cash: a second reward) is shipped
    mug = {"name": "Mug", "type": "PHYSICAL", "pricePoints": 300, "stock": 3}
    mug_id = (await gql(client, CREATE, {"i": mug}, owner))["createReward"]["reward"]["id"]
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 1_000)
    address = {"recipient": "Ann", "phone": "13900000002", "street": "1 Nanjing Rd"}
    redeem = {
        "rewardId": mug_id,
        "memberId": ann,
        "idempotencyKey": "mug-1",
        "shippingAddress": address,
    }
    order_id = (await gql(client, REDEEM, {"i": redeem}, owner))["redeemReward"]["order"]["id"]
    await page.goto(f"{live_server}/portal/#mall")
    row = page.locator(f'#orders tr[data-order="{order_id}"]')
    await expect(row).to_contain_text("1 Nanjing Rd")
    await expect(row.get_by_role("button", name="发放")).to_have_count(0)  # goods are shipped
    await row.get_by_placeholder("快递公司").fill("SF Express")
    await row.get_by_placeholder("运单号").fill("SF1234567890")
    await row.get_by_role("button", name="发货").click()
    await expect(page.locator(f'#orders tr[data-order="{order_id}"]')).to_contain_text("已发货")
    await (
        page.locator(f'#orders tr[data-order="{order_id}"]')
        .get_by_role("button", name="已送达")
        .click()
    )
    await expect(page.locator(f'#orders tr[data-order="{order_id}"] td.status')).to_have_text(
        "已送达"
    )

    # then the order is delivered with its tracking
    order = (await gql(client, ORDER, {"id": order_id}, owner))["order"]
    assert order["status"] == "DELIVERED"
    assert "SF1234567890" in str(order["tracking"])
    assert problems == []
    await page.close()
    await assert_ledger_ok(settings)
