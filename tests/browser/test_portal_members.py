"""Members in the portal: find one, award points (twice submitted, awarded once), block; and a
VIEWER sees no buttons it could not use."""

from __future__ import annotations

import httpx
from playwright.async_api import Browser, expect

from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.members import new_member
from tests.api.operations.points import award, wallet
from tests.api.operations.tenancy import CREATE_STAFF, PASSWORD, sign_up
from tests.browser.conftest import SCREENSHOTS, offline_page, sign_in
from tests.ledger_check import assert_ledger_ok


async def test_an_owner_finds_a_member_and_a_form_submitted_twice_awards_once(
    browser: Browser, live_server: str, client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a merchant with two members, one holding 1,500 points
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann-lee")
    await new_member(client, merchant.access_token, "bob-wu")
    await award(client, merchant.access_token, ann, 1_500)
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)
    await sign_in(page, live_server, merchant.email, PASSWORD)

    # when the owner searches for ann, opens her page and submits an award of 200 twice
    await page.get_by_role("link", name="会员").click()
    await page.get_by_role("searchbox").fill("ann")
    await page.get_by_role("button", name="搜索").click()
    await page.get_by_role("link", name="ann-lee").click()
    await page.locator("#wallet").get_by_text("1,500 STAR").wait_for()
    await page.fill("#award-amount", "200")
    await page.fill("#award-reason", "Birthday gift")
    await page.evaluate(
        "() => { const f = document.getElementById('award-form'); f.requestSubmit(); f.requestSubmit(); }"
    )

    # then the page and the ledger agree: 1,700, one award of 200, with its reason
    await page.locator("#wallet").get_by_text("1,700 STAR").wait_for()
    assert await page.get_by_role("cell", name="Birthday gift").count() == 1
    assert (await wallet(client, merchant.access_token, ann))["wallet"]["posted"] == 1_700
    await page.screenshot(path=str(SCREENSHOTS / "portal-member-desktop.png"), full_page=True)

    # and her lots show both awards, and the history narrows to deductions (none)
    await expect(page.locator("#lots tbody tr")).to_have_count(2)
    await page.select_option("#history-code", "DEDUCT")
    await page.get_by_text("没有积分变动。").wait_for()
    await page.select_option("#history-code", "")
    await page.get_by_role("cell", name="Birthday gift").wait_for()

    # when the owner deducts more than she holds (refused), then corrects the amount in the
    # same form
    await page.fill("#deduct-amount", "5000")
    await page.fill("#deduct-reason", "Correction")
    await page.evaluate("() => document.getElementById('deduct-form').requestSubmit()")
    await expect(page.locator("#deduct-form [role=alert]")).not_to_be_empty()
    await page.fill("#deduct-amount", "200")
    await page.evaluate("() => document.getElementById('deduct-form').requestSubmit()")

    # then the corrected deduction goes through (a new request, not a reused key)
    await page.locator("#wallet").get_by_text("1,500 STAR").wait_for()
    assert (await wallet(client, merchant.access_token, ann))["wallet"]["posted"] == 1_500

    # and blocking her shows at once
    await page.get_by_role("button", name="冻结会员").click()
    await page.get_by_role("button", name="解除冻结").wait_for()
    assert problems == []
    await page.close()
    await assert_ledger_ok(settings)


async def test_a_viewer_sees_the_member_but_no_buttons_and_the_server_refuses_anyway(
    browser: Browser, live_server: str, client: httpx.AsyncClient
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    email = f"viewer-{merchant.slug}@example.com"
    created = await gql(
        client,
        CREATE_STAFF,
        {"input": {"email": email, "password": PASSWORD, "role": "VIEWER"}},
        merchant.access_token,
    )
    assert created["createStaffUser"]["userErrors"] == []
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)
    await sign_in(page, live_server, email, PASSWORD)

    await page.goto(f"{live_server}/portal/#members/{ann}")
    await page.locator("#wallet").wait_for()
    assert await page.locator("#award-form").count() == 0
    assert await page.locator("#toggle-block").count() == 0
    assert await page.locator(".role").inner_text() == "只读"

    # the page leaves the buttons out; the API is what refuses
    refused = await page.evaluate(
        """async (member) => {
          const csrf = document.cookie.match(/pm_csrf=([^;]+)/)[1];
          const answer = await fetch('/portal/graphql', {method: 'POST',
            headers: {'content-type': 'application/json', 'x-csrf-token': csrf},
            body: JSON.stringify({query: 'mutation($i: AwardPointsInput!) { awardPoints(input: $i) { replayed } }',
              variables: {i: {memberId: member, amount: 5, reason: 'x', idempotencyKey: 'v1'}}})});
          return (await answer.json()).errors[0].extensions.code;
        }""",
        ann,
    )
    assert refused == "FORBIDDEN"
    assert problems == []
    await page.close()
