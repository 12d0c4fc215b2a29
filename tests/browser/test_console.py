"""The operator console in a real browser: settling a cross-merchant exchange from closing the
period to a paid line, and a merchant suspended and reactivated."""

from __future__ import annotations

import secrets

import httpx
from playwright.async_api import Browser, Page, expect

from app.core.settings import Settings
from tenants.operators import create_operator
from tests.api.graphql import gql
from tests.api.operations.exchange import assert_settlement_ok, execute, quote, two_shops
from tests.api.operations.tenancy import PASSWORD, sign_up
from tests.browser.conftest import SCREENSHOTS, offline_page
from tests.ledger_check import assert_ledger_ok

BATCH = """query($id: ID!) { settlementBatch(id: $id) { status
  lines { merchant { slug } status paymentReference net { amount currency } } } }"""
VIEWER = "{ viewer { kind } }"


async def console_sign_in(page: Page, base: str) -> str:
    """A new operator signs in through the console's form; returns the operator's email."""
    email = f"ops-{secrets.token_hex(4)}@platform.example.com"
    await create_operator(email, PASSWORD)
    await page.goto(f"{base}/console/")
    await page.get_by_label("邮箱").fill(email)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await page.locator(".frame").wait_for()
    return email


async def test_an_operator_settles_an_exchange_from_closing_the_period_to_a_paid_line(
    browser: Browser, live_server: str, client: httpx.AsyncClient, settings: Settings
) -> None:
    # given Ann converted 1,000 ACME points into BETA points (ACME owes 10.00 CNY)
    world = await two_shops(client, ("1", 100), ("0.5", 50), 5000)
    acme, beta = world.acme, world.beta
    offer = await quote(client, acme.member_token, acme.code, beta.code, 1000)
    assert (await execute(client, acme.member_token, offer["quote"]["id"]))["userErrors"] == []
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)
    email = await console_sign_in(page, live_server)
    await expect(page.locator(".top")).to_contain_text(email)

    # when the operator closes the period in the settlement screen
    await page.get_by_role("link", name="结算", exact=True).click()
    await page.get_by_role("button", name="关闭账期").click()
    batch = page.locator("#batch")
    await expect(batch).to_have_attribute("data-status", "DRAFT")
    acme_row = page.locator(f'#lines tr[data-merchant="{acme.merchant.slug}"]')
    await expect(acme_row).to_contain_text("-¥10.00")
    await expect(page.locator(f'#lines tr[data-merchant="{beta.merchant.slug}"]')).to_contain_text(
        "¥9.85"
    )
    batch_id = page.url.rsplit("/", 1)[1]

    # and approves it, then marks ACME's line paid with the bank's reference
    await page.get_by_role("button", name="审核通过").click()
    await expect(batch).to_have_attribute("data-status", "APPROVED")
    await acme_row.get_by_label("付款凭证号").fill("CMB-20261202-001")
    await acme_row.get_by_role("button", name="登记付款").click()
    await expect(acme_row).to_contain_text("已付款")
    await expect(acme_row).to_contain_text("CMB-20261202-001")
    await page.screenshot(path=str(SCREENSHOTS / "console-batch-desktop.png"), full_page=True)
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(path=str(SCREENSHOTS / "console-batch-phone.png"), full_page=True)

    # then the API shows the batch approved and exactly that line paid
    answer = (await gql(client, BATCH, {"id": batch_id}, world.operator))["settlementBatch"]
    lines = {line["merchant"]["slug"]: line for line in answer["lines"]}
    assert answer["status"] == "APPROVED"
    assert lines[acme.merchant.slug] == {
        "merchant": {"slug": acme.merchant.slug},
        "status": "PAID",
        "paymentReference": "CMB-20261202-001",
        "net": {"amount": -1000, "currency": "CNY"},
    }
    assert lines[beta.merchant.slug]["status"] == "OPEN"

    # and the batch's CSV downloads on the console's own session
    csv = await page.evaluate(
        "async (url) => { const r = await fetch(url); return [r.status, await r.text()]; }",
        f"/console/exports/settlement/{batch_id}.csv",
    )
    assert csv[0] == 200
    assert csv[1].startswith("obligation_id,created_at,kind,debtor,creditor,amount_minor")
    assert acme.merchant.tenant_id in csv[1]
    assert problems == []
    await page.close()
    await assert_ledger_ok(settings)
    await assert_settlement_ok(settings)


async def test_an_operator_finds_suspends_and_reactivates_a_merchant(
    browser: Browser, live_server: str, client: httpx.AsyncClient
) -> None:
    merchant = await sign_up(client)
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)
    page.on("dialog", lambda dialog: dialog.accept())
    await console_sign_in(page, live_server)

    # when the operator searches for the merchant and suspends it
    await page.get_by_placeholder("按标识或名称搜索").fill(merchant.slug)
    await page.get_by_role("button", name="搜索").click()
    row = page.locator(f'#tenants tr[data-tenant="{merchant.slug}"]')
    await expect(page.locator("#tenants tbody tr")).to_have_count(1)
    await row.get_by_role("button", name="停用").click()
    await expect(row).to_contain_text("已停用")

    # then the merchant's own token stops working, and works again once reactivated
    suspended = await client.post(
        "/graphql",
        json={"query": VIEWER},
        headers={"authorization": f"Bearer {merchant.access_token}"},
    )
    assert suspended.json()["errors"][0]["extensions"]["code"] == "TENANT_SUSPENDED"
    await row.get_by_role("button", name="恢复").click()
    await expect(row).to_contain_text("正常")
    assert (await gql(client, VIEWER, token=merchant.access_token))["viewer"]["kind"] == "STAFF"
    await page.screenshot(path=str(SCREENSHOTS / "console-tenants-desktop.png"), full_page=True)

    # and the other screens render in both languages
    for link in ("兑换与汇率", "平台概览"):
        await page.get_by_role("link", name=link, exact=True).click()
        await page.locator("main h1").filter(has_text=link).wait_for()
    await page.screenshot(path=str(SCREENSHOTS / "console-platform-desktop.png"), full_page=True)
    await page.get_by_role("button", name="English").click()
    await page.locator("main h1").filter(has_text="Platform").wait_for()
    await page.get_by_role("link", name="Exchange & rates").click()
    await page.locator("#listings, .state.empty").first.wait_for()
    await page.screenshot(path=str(SCREENSHOTS / "console-exchange-desktop.png"), full_page=True)
    await page.get_by_role("button", name="中文").click()

    # and signing out ends the session: the console asks to sign in again (a request still in
    # flight as the session ends may be answered 401, which is the point)
    assert problems == []
    await page.get_by_role("button", name="退出").click()
    await page.get_by_role("button", name="登录").wait_for()
    await page.close()
