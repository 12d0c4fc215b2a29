"""Bulk jobs in the portal: an owner imports members from a CSV file, follows the job the worker
runs, reads the row that failed and downloads it; then sends points to the members gone quiet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import httpx
from playwright.async_api import Browser, Page, expect

from app.bulk import service as bulk
from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.analytics import owner_sql
from tests.api.operations.tenancy import PASSWORD, sign_up
from tests.browser.conftest import SCREENSHOTS, offline_page, sign_in
from tests.ledger_check import assert_ledger_ok

MEMBERS = """query { members(first: 10) { nodes { externalId displayName
  wallet { available } tier { tier { name } } } } }"""


async def _run_shown_job(page: Page, tenant: UUID) -> None:
    """The worker's part: run the job the page opened."""
    await page.wait_for_url("**/portal/#bulk?job=*")
    job = page.url.rsplit("job=", 1)[1]
    await bulk.run_job(tenant, UUID(job))


async def test_an_owner_imports_members_from_a_file_and_wins_back_the_quiet_ones(
    browser: Browser,
    live_server: str,
    client: httpx.AsyncClient,
    settings: Settings,
    tmp_path: Path,
) -> None:
    # given a merchant and a CSV from its old system: two members, one with an unknown tier
    merchant = await sign_up(client)
    tenant = UUID(merchant.tenant_id)
    later = (datetime.now(UTC) + timedelta(days=180)).replace(microsecond=0).isoformat()
    upload = tmp_path / "members.csv"
    upload.write_text(
        "externalId,displayName,phone,email,birthday,tier,tierUntil,points,expiresAt\n"
        f"ann,Ann Lee,,,,金卡,,800,{later}\n"
        "bob,Bob Wu,,,,,,300,\n"
        "cy,Cy,,,,Platinum,,100,\n",
        encoding="utf-8",
    )
    problems: list[str] = []
    page = await offline_page(browser, live_server, 1280, problems)
    await sign_in(page, live_server, merchant.email, PASSWORD)

    # when the owner opens the bulk page from the members screen and uploads the file
    await page.get_by_role("link", name="会员", exact=True).click()
    await page.locator("#bulk-link").wait_for()
    await page.screenshot(path=str(SCREENSHOTS / "portal-members-desktop.png"), full_page=True)
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(path=str(SCREENSHOTS / "portal-members-phone.png"), full_page=True)
    await page.set_viewport_size({"width": 1280, "height": 900})
    await page.locator("#bulk-link").click()
    await page.select_option("#bulk-kind", "IMPORT_MEMBERS")
    await expect(page.locator("#bulk-header")).to_contain_text("tierUntil")
    await page.set_input_files("#bulk-file", str(upload))
    await page.locator("#bulk-upload button[type=submit]").click()
    await _run_shown_job(page, tenant)

    # then the page follows the job to its end, names the failed row and offers it as CSV
    await expect(page.locator("#bulk-status")).to_have_attribute("data-status", "SUCCEEDED")
    await expect(page.locator("#bulk-job")).to_contain_text("成功 2 行，失败 1 行")
    await expect(page.locator("#bulk-errors tbody tr")).to_have_count(1)
    await expect(page.locator("#bulk-errors")).to_contain_text("No tier named 'Platinum'")
    await page.screenshot(path=str(SCREENSHOTS / "portal-bulk-desktop.png"), full_page=True)
    async with page.expect_download() as downloading:
        await page.locator("#bulk-failed-csv").click()
    saved = tmp_path / "failed.csv"
    await (await downloading.value).save_as(saved)
    assert saved.read_text().splitlines()[1].startswith("3,cy,Cy,")
    members = {
        node["externalId"]: node
        for node in (await gql(client, MEMBERS, token=merchant.access_token))["members"]["nodes"]
    }
    assert {name: node["wallet"]["available"] for name, node in members.items()} == {
        "ann": 800, "bob": 300,
    }  # fmt: skip
    assert members["ann"]["tier"]["tier"]["name"] == "金卡"

    # when both go quiet for 100 days and the owner sends 50 points to those quiet for 90
    await owner_sql(
        settings,
        "UPDATE account SET last_activity_at = now() - interval '100 days'"
        " WHERE tenant_id = $1 AND kind = 'MEMBER_WALLET'",
        tenant,
    )
    await owner_sql(settings, "SELECT analytics_rollup_rebuild($1)", tenant)
    await page.goto(f"{live_server}/portal/#bulk")
    await page.fill("#winback-amount", "50")
    await page.locator("#bulk-winback button[type=submit]").click()
    await _run_shown_job(page, tenant)

    # then each got 50 once, and the page says so
    await expect(page.locator("#bulk-status")).to_have_attribute("data-status", "SUCCEEDED")
    await expect(page.locator("#bulk-job")).to_contain_text("成功 2 行，失败 0 行")
    nodes = (await gql(client, MEMBERS, token=merchant.access_token))["members"]["nodes"]
    assert sorted(node["wallet"]["available"] for node in nodes) == [350, 850]
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(path=str(SCREENSHOTS / "portal-bulk-phone.png"), full_page=True)
    assert problems == []
    await page.close()
    await assert_ledger_ok(settings)
