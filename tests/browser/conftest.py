"""Pages in a real headless Chromium (Debian's `chromium`), driven by Playwright.

The API runs on a real socket (uvicorn in the test's event loop, on the session's app) so the
browser speaks HTTP to it. Playwright drives the machine's own Chromium: its browser download
does not work here. Without a Chromium the browser tests are skipped, except under CI (`.ci/run`
sets CI=1 and installs the browser), where a missing browser fails them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, Request, Route, async_playwright

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(".data") / "screenshots"


def _chromium() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("No Chromium: CI must run the browser tests (.ci/run installs it).")
        pytest.skip(
            "No Chromium on this machine (apt-get install chromium); browser tests skipped."
        )
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        await launched.close()


# Pages the running test opened with `offline_page`, and their problems: shown when it fails.
_OPENED: list[tuple[Page, list[str]]] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    report = yield
    if call.when == "call":
        item.stash[_FAILED] = bool(getattr(report, "failed", False))
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
async def _shown_when_failed(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """After a failed browser test: each page's address, its problems, and a screenshot
    (.data/screenshots/failed-*.png), so a failure in CI says what the page showed."""
    _OPENED.clear()
    yield
    if request.node.stash.get(_FAILED, False):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for number, (page, problems) in enumerate(_OPENED):
            path = SCREENSHOTS / f"failed-{request.node.name}-{number}.png"
            if not page.is_closed():
                await page.screenshot(path=path, full_page=True)
                text = (await page.locator("body").inner_text())[:2000]
                print(f"\n--- page {number}: {page.url} ({path})\n{text}\nproblems: {problems}")  # noqa: T201
    _OPENED.clear()


async def offline_page(browser: Browser, base: str, width: int, problems: list[str]) -> Page:
    """A page that may reach only our server; script errors and CSP refusals go to `problems`."""
    page = await browser.new_page(viewport={"width": width, "height": 900})
    _OPENED.append((page, problems))

    async def only_local(route: Route, request: Request) -> None:
        if request.url.startswith(base):
            await route.continue_()
        else:
            problems.append(f"off-server request: {request.url}")
            await route.abort()

    await page.route("**/*", only_local)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page


async def sign_in(page: Page, base: str, email: str, password: str) -> None:
    """Through the portal's own form, in its default language."""
    await page.goto(f"{base}/portal/")
    await page.get_by_label("邮箱").fill(email)
    await page.get_by_label("密码").fill(password)
    await page.get_by_role("button", name="登录").click()
    await page.locator(".frame").wait_for()
