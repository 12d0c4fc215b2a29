"""The portal's settings: an API key made there works once copied (its secret shown once) and
stops when revoked; a staff login added and its role changed; a webhook endpoint added; the
merchant's exports download on the portal's session."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from playwright.async_api import Browser, expect

from tests.api.operations.tenancy import PASSWORD, sign_up
from tests.browser.conftest import SCREENSHOTS, offline_page, sign_in

VIEWER = {"query": "{ viewer { kind scopes } }"}
STAFF = "{ staffUsers(first: 10) { nodes { email role } } }"


async def test_an_owner_makes_an_api_key_a_teammate_and_a_webhook(
    browser: Browser, live_server: str, client: httpx.AsyncClient
) -> None:
    merchant = await sign_up(client)
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)
    await sign_in(page, live_server, merchant.email, PASSWORD)
    await page.get_by_role("link", name="设置", exact=True).click()

    # when the owner creates a key for the backend that may read members and record purchases
    await page.fill("#key-name", "POS backend")
    await page.get_by_role("button", name="创建", exact=True).click()
    secret = (await page.locator("#secret .secret-value").inner_text()).strip()

    # then the key works with the scopes ticked by default, and the page never shows it again
    as_key = await client.post(
        "/graphql", json=VIEWER, headers={"authorization": f"Bearer {secret}"}
    )
    assert as_key.json()["data"]["viewer"] == {
        "kind": "API_KEY",
        "scopes": ["MEMBERS_READ", "MEMBERS_WRITE", "PURCHASES_WRITE"],
    }
    await page.screenshot(path=str(SCREENSHOTS / "portal-settings-desktop.png"), full_page=True)
    await page.reload()
    await page.locator("#api-keys").get_by_text("POS backend").wait_for()
    assert await page.locator("#secret").count() == 0
    assert secret not in await page.content()

    # and revoking it stops it at once
    await (
        page.locator('#api-keys tr[data-key="POS backend"]')
        .get_by_role("button", name="吊销")
        .click()
    )
    await expect(page.locator('#api-keys tr[data-key="POS backend"]')).to_contain_text("已吊销")
    revoked = await client.post(
        "/graphql", json=VIEWER, headers={"authorization": f"Bearer {secret}"}
    )
    assert revoked.status_code == 401

    # when the owner adds a cashier and then makes her a viewer
    email = f"cashier-{merchant.slug}@example.com"
    await page.fill("#staff-email", email)
    await page.fill("#staff-password", "Cashier-pass-2026")
    await page.locator("#new-staff").get_by_role("button", name="添加").click()
    row = page.locator(f'#staff tr[data-email="{email}"]')
    await expect(row.get_by_role("combobox")).to_have_value("STAFF")
    await row.get_by_role("combobox").select_option("VIEWER")
    await expect(row).to_have_attribute("data-role", "VIEWER")  # as the server answered

    # then the API agrees
    answer = await client.post(
        "/graphql",
        json={"query": STAFF},
        headers={"authorization": f"Bearer {merchant.access_token}"},
    )
    roles = {u["email"]: u["role"] for u in answer.json()["data"]["staffUsers"]["nodes"]}
    assert roles[email] == "VIEWER"

    # and a webhook endpoint shows its signing secret once, then is listed
    await page.get_by_role("link", name="Webhooks").click()
    await page.fill("#webhook-url", "http://127.0.0.1:9/pointsmall")
    await page.locator("#new-webhook").get_by_text("points.earned").click()
    await page.locator("#new-webhook").get_by_role("button", name="添加").click()
    await page.locator("#secret .secret-value").wait_for()
    await expect(page.locator("#endpoints")).to_contain_text("points.earned")

    # and the exports download over the portal's own session
    await page.get_by_role("link", name="数据导出").click()
    members_csv = await page.evaluate(
        "async () => { const r = await fetch(document.getElementById('export-members').href);"
        " return [r.status, (await r.text()).split('\\r\\n')[0]]; }"
    )
    assert members_csv[0] == 200
    assert members_csv[1].startswith("member_id,")
    await page.get_by_role("link", name="跨商户兑换").click()
    await page.locator("#exchange-settings").wait_for()
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(
        path=str(SCREENSHOTS / "portal-settings-exchange-phone.png"), full_page=True
    )
    assert problems == []
    await page.close()


MERCHANT = """{ tenant { name locale timeZone branding { primaryColor logoUrl }
  currency { name } } }"""


async def test_the_owner_renames_the_merchant_and_its_points_and_brands_the_mall(
    browser: Browser, live_server: str, client: httpx.AsyncClient
) -> None:
    merchant = await sign_up(client)
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)
    await sign_in(page, live_server, merchant.email, PASSWORD)
    await page.goto(f"{live_server}/portal/#settings/merchant")

    # when the owner first sends a logo that is not https (refused), then a good form
    await page.fill("#merchant-name", "豆子咖啡")
    await page.fill("#merchant-points", "咖啡豆")
    await page.fill("#merchant-logo", "http://cdn.example.com/logo.png")
    await page.locator("#merchant-form button[type=submit]").click()
    await expect(page.locator("#merchant-form [role=alert]")).not_to_be_empty()
    unchanged = await client.post(
        "/graphql", json={"query": MERCHANT},
        headers={"authorization": f"Bearer {merchant.access_token}"},
    )  # fmt: skip
    await page.fill("#merchant-logo", "https://cdn.example.com/logo.png")
    await page.select_option("#merchant-locale", "en-US")
    await page.fill("#merchant-zone", "Asia/Tokyo")
    await page.locator("#merchant-primary").fill("#0f766e")
    await page.locator("#merchant-form button[type=submit]").click()
    await page.locator(".frame .merchant", has_text="豆子咖啡").wait_for()
    await expect(page.locator("#merchant-zone")).to_have_value("Asia/Tokyo")
    await page.screenshot(path=str(SCREENSHOTS / "portal-merchant-desktop.png"), full_page=True)

    # then nothing of the refused form was kept, and everything of the good one was
    assert unchanged.json()["data"]["tenant"]["name"] != "豆子咖啡"
    saved = await client.post(
        "/graphql", json={"query": MERCHANT},
        headers={"authorization": f"Bearer {merchant.access_token}"},
    )  # fmt: skip
    assert saved.json()["data"]["tenant"] == {
        "name": "豆子咖啡", "locale": "en-US", "timeZone": "Asia/Tokyo",
        "branding": {"primaryColor": "#0f766e", "logoUrl": "https://cdn.example.com/logo.png"},
        "currency": {"name": "咖啡豆"},
    }  # fmt: skip
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(path=str(SCREENSHOTS / "portal-merchant-phone.png"), full_page=True)
    assert problems == []
    await page.close()


VALUES = "{ tenant { currency { pointsPerFiatUnit pointValues { pointsPerFiatUnit scheduled } } } }"


async def test_the_owner_changes_the_point_value_from_a_date_and_withdraws_one(
    browser: Browser, live_server: str, client: httpx.AsyncClient
) -> None:
    merchant = await sign_up(client)
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)
    await sign_in(page, live_server, merchant.email, PASSWORD)
    await page.goto(f"{live_server}/portal/#settings/merchant")
    values = page.locator("#point-values tbody tr")
    await expect(values).to_have_count(1)
    await expect(values.first).to_contain_text("100 积分 = 1 CNY")

    # when the owner schedules 80 points = 1 CNY for next year, then withdraws it
    await page.fill("#value-points", "80")
    await page.fill("#value-from", f"{datetime.now(UTC).year + 1}-01-01T09:00")
    await page.locator("#value-form button[type=submit]").click()
    scheduled = page.locator('#point-values tr[data-points="80"]')
    await expect(scheduled).to_contain_text("待生效")
    await scheduled.get_by_role("button", name="撤销").click()
    await expect(values).to_have_count(1)

    # and makes points worth half as much from now on
    await page.fill("#value-points", "200")
    await page.locator("#value-form button[type=submit]").click()
    await expect(page.locator('#point-values tr[data-points="200"]')).to_contain_text("生效中")
    await expect(page.locator('#point-values tr[data-points="100"]')).to_contain_text("已替换")
    await page.screenshot(path=str(SCREENSHOTS / "portal-point-value-desktop.png"), full_page=True)

    # then the API reads the same schedule
    answer = await client.post(
        "/graphql", json={"query": VALUES},
        headers={"authorization": f"Bearer {merchant.access_token}"},
    )  # fmt: skip
    assert answer.json()["data"]["tenant"]["currency"] == {
        "pointsPerFiatUnit": 200,
        "pointValues": [
            {"pointsPerFiatUnit": 100, "scheduled": False},
            {"pointsPerFiatUnit": 200, "scheduled": False},
        ],
    }
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(path=str(SCREENSHOTS / "portal-point-value-phone.png"), full_page=True)
    assert problems == []
    await page.close()
