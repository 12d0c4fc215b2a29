"""A page on another origin calls the API from a real browser: refused until the merchant
allows the page's origin, then answered (Chromium's own CORS, preflight included)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
from playwright.async_api import Browser

from tests.api.graphql import gql
from tests.api.operations.tenancy import create_api_key, sign_up

CALL = """async ([url, key]) => {
  try {
    const answer = await fetch(url, {
      method: "POST",
      headers: {"content-type": "application/json", "authorization": "Bearer " + key},
      body: JSON.stringify({query: "{ viewer { tenant { id } } }"}),
    });
    return {status: answer.status, body: await answer.json()};
  } catch (error) {
    return {error: String(error)};
  }
}"""


async def test_a_page_on_the_merchants_origin_may_call_the_api_once_allowed(
    browser: Browser, live_server: str, client: httpx.AsyncClient
) -> None:
    # given a merchant's page on another origin (localhost, where the API is 127.0.0.1)
    merchant = await sign_up(client)
    key = await create_api_key(client, merchant, ["MEMBERS_READ"])
    port = urlsplit(live_server).port
    page_origin = f"http://localhost:{port}"
    page = await browser.new_page()
    await page.goto(f"{page_origin}/healthz")

    async def call() -> dict[str, Any]:
        answer: dict[str, Any] = await page.evaluate(CALL, [f"{live_server}/graphql", key])
        return answer

    # when it calls the API before the merchant allows its origin, the browser refuses
    assert "error" in await call()

    # and once the merchant allows it, the page reads the answer
    allowed = await gql(
        client,
        "mutation($i: SetAllowedOriginsInput!) { setAllowedOrigins(input: $i) { origins } }",
        {"i": {"origins": [page_origin]}},
        merchant.access_token,
    )
    assert allowed["setAllowedOrigins"]["origins"] == [page_origin]
    answer = await call()
    assert answer.get("status") == 200, answer
    assert answer["body"]["data"]["viewer"]["tenant"]["id"] == merchant.tenant_id
