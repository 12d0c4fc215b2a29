"""GraphiQL at /graphql works in a browser with no internet access."""

from __future__ import annotations

from playwright.async_api import Browser, Request, Route

from tests.browser.conftest import SCREENSHOTS


async def test_graphiql_runs_a_query_offline_under_its_content_security_policy(
    browser: Browser, live_server: str
) -> None:
    # given a browser whose every request off this server fails, as on a machine offline
    page = await browser.new_page()
    elsewhere: list[str] = []
    problems: list[str] = []

    async def only_local(route: Route, request: Request) -> None:
        if request.url.startswith(live_server):
            await route.continue_()
        else:
            elsewhere.append(request.url)
            await route.abort()

    await page.route("**/*", only_local)
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    # when GraphiQL opens and runs its example query (Ctrl-Enter in the editor)
    await page.goto(f"{live_server}/graphql")
    await page.locator(".graphiql-query-editor .CodeMirror").first.click()
    await page.keyboard.press("Control+Enter")
    result = page.locator(".graphiql-response")
    await result.get_by_text('"ANONYMOUS"').wait_for(timeout=15_000)

    # then the answer is shown, nothing was asked of another host, and no script was refused
    assert '"viewer"' in await result.inner_text()
    assert elsewhere == []
    assert problems == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / "graphiql.png"))
    await page.close()
