"""The merchant portal in a real browser: sign in, see the dashboard, switch language, log out."""

from __future__ import annotations

import httpx
from playwright.async_api import Browser

from app.core.settings import Settings
from tests.api.operations.members import new_member
from tests.api.operations.points import award
from tests.api.operations.tenancy import PASSWORD, sign_up
from tests.browser.conftest import SCREENSHOTS, offline_page, sign_in
from tests.ledger_check import assert_ledger_ok


async def test_a_merchant_signs_in_and_the_dashboard_shows_what_the_ledger_holds(
    browser: Browser, live_server: str, client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a merchant whose member was just given 1,500 points (15.00 CNY at 100 per yuan)
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    await award(client, merchant.access_token, ann, 1_500)
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)

    # when the owner opens the portal and signs in
    await page.goto(f"{live_server}/portal/")
    await page.get_by_label("邮箱").fill(merchant.email)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()

    # then the dashboard (in Chinese first) shows the liability, its value, and today's bar
    liability = page.locator("#liability")
    await liability.get_by_text("1,500 STAR").wait_for()
    assert "¥15.00" in await liability.inner_text()
    assert await page.locator(".role").inner_text() == "所有者"
    issued_bars = page.locator("rect.bar.issued[data-value='1500']")
    assert await issued_bars.count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / "portal-dashboard-desktop.png"), full_page=True)

    # and in English after one click, with the same figures
    await page.get_by_role("button", name="English").click()
    await page.get_by_role("heading", name="Dashboard").wait_for()
    assert "1,500 STAR" in await page.locator("#liability").inner_text()

    # and after logging out, the portal's cookies are gone: its API sees nobody
    cookies = {c["name"] for c in await page.context.cookies()}
    assert {"pm_staff", "pm_csrf"} <= cookies
    await page.get_by_role("button", name="Log out").click()
    await page.get_by_role("button", name="Sign in").wait_for()
    assert not {"pm_staff", "pm_staff_refresh", "pm_csrf"} & {
        c["name"] for c in await page.context.cookies()
    }
    after = await page.evaluate(
        "fetch('/portal/graphql', {method: 'POST', headers: {'content-type': 'application/json'},"
        " body: JSON.stringify({query: '{ viewer { kind } }'})}).then(r => r.json())"
    )
    assert after == {"data": {"viewer": {"kind": "ANONYMOUS"}}}
    assert problems == []
    await page.close()
    await assert_ledger_ok(settings)


async def test_the_dashboard_fits_a_phone(
    browser: Browser, live_server: str, client: httpx.AsyncClient
) -> None:
    merchant = await sign_up(client)
    problems: list[str] = []
    page = await offline_page(browser, live_server, 390, problems)
    await sign_in(page, live_server, merchant.email, PASSWORD)
    await page.get_by_text("这段时间还没有积分变动。").wait_for()
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing overflows sideways
    await page.screenshot(path=str(SCREENSHOTS / "portal-dashboard-phone.png"), full_page=True)
    assert problems == []
    await page.close()
