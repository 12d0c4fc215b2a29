"""CORS as a browser speaks it: a preflight OPTIONS with Origin and Access-Control-Request-*,
then the request with Origin; the answer's Access-Control-* headers decide what the page sees."""

from __future__ import annotations

import dataclasses
import secrets
from typing import Any

import httpx
from starlette.applications import Starlette

from app.core.settings import Settings
from app.main import create_app
from tests.api.graphql import gql
from tests.api.operations.tenancy import create_api_key, sign_up

SET = """mutation($i: SetAllowedOriginsInput!) { setAllowedOrigins(input: $i) {
  origins userErrors { code field message } } }"""
VIEWER = {"query": "{ viewer { tenant { id } } }"}


def _origin() -> str:
    return f"https://m{secrets.token_hex(4)}.shop.example"


def _preflight(origin: str) -> dict[str, str]:
    return {
        "origin": origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
    }


async def _allow(client: httpx.AsyncClient, token: str, origins: list[str]) -> dict[str, Any]:
    data = await gql(client, SET, {"i": {"origins": origins}}, token)
    answer: dict[str, Any] = data["setAllowedOrigins"]
    return answer


async def test_a_merchants_origin_may_call_with_its_credentials_and_no_other(
    client: httpx.AsyncClient,
) -> None:
    # given merchant A allowing its mall's origin, and merchant B allowing none
    a, b = await sign_up(client), await sign_up(client)
    mall, elsewhere = _origin(), _origin()
    assert (await _allow(client, a.access_token, [mall + "/"]))["origins"] == [mall]
    key_a = await create_api_key(client, a, ["MEMBERS_READ"])
    key_b = await create_api_key(client, b, ["MEMBERS_READ"])

    # when browsers send preflights from the mall and from elsewhere
    allowed = await client.options("/graphql", headers=_preflight(mall))
    refused = await client.options("/graphql", headers=_preflight(elsewhere))

    # then the mall's is answered and the other refused, GraphQL-shaped with a request id
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == mall
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert "authorization" in allowed.headers["access-control-allow-headers"]
    assert "access-control-allow-credentials" not in allowed.headers
    assert refused.status_code == 403
    assert "access-control-allow-origin" not in refused.headers
    error = refused.json()["errors"][0]["extensions"]
    assert error["code"] == "ORIGIN_NOT_ALLOWED"
    assert error["requestId"] == refused.headers["x-request-id"]

    # and the request from the mall with A's key may be read by the page; with B's key (B does
    # not allow the mall) or from elsewhere it may not
    def call(origin: str, key: str) -> Any:
        headers = {"origin": origin, "authorization": f"Bearer {key}"}
        return client.post("/graphql", json=VIEWER, headers=headers)

    as_a = await call(mall, key_a)
    as_b = await call(mall, key_b)
    from_elsewhere = await call(elsewhere, key_a)
    assert as_a.status_code == 200
    assert as_a.headers["access-control-allow-origin"] == mall
    assert "x-request-id" in as_a.headers["access-control-expose-headers"]
    for answer in (as_b, from_elsewhere):
        assert answer.status_code == 200
        assert "access-control-allow-origin" not in answer.headers
    for answer in (as_a, as_b, from_elsewhere):
        assert "origin" in answer.headers["vary"].lower()

    # and once A withdraws the origin, its preflights are refused too
    assert (await _allow(client, a.access_token, []))["origins"] == []
    assert (await client.options("/graphql", headers=_preflight(mall))).status_code == 403


async def test_origins_must_be_what_a_browser_sends(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    for bad in [
        "https://shop.example/mall",
        "http://shop.example",
        "*",
        "shop.example",
        "https://*.shop.example",
    ]:
        answer = await _allow(client, merchant.access_token, [bad])
        assert [e["code"] for e in answer["userErrors"]] == ["INVALID_INPUT"], bad
    too_many = [f"https://m{i}.shop.example" for i in range(21)]
    answer = await _allow(client, merchant.access_token, too_many)
    assert [e["code"] for e in answer["userErrors"]] == ["INVALID_INPUT"]
    listed = await gql(client, "{ allowedOrigins }", None, merchant.access_token)
    assert listed["allowedOrigins"] == []
    local = await _allow(client, merchant.access_token, ["http://localhost:5173"])
    assert local["origins"] == ["http://localhost:5173"]


async def test_the_platforms_origins_are_allowed_for_everyone_with_credentials(
    app: Starlette, settings: Settings
) -> None:
    # given the API with a portal on an origin of its own (sharing the session app's database)
    portal = "https://portal.pointsmall.example"
    configured = create_app(dataclasses.replace(settings, cors_origins=(portal,)))
    try:
        transport = httpx.ASGITransport(app=configured)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            merchant = await sign_up(http)
            preflight = await http.options("/graphql", headers=_preflight(portal))
            answer = await http.post(
                "/graphql",
                json=VIEWER,
                headers={"origin": portal, "authorization": f"Bearer {merchant.access_token}"},
            )
    finally:
        await configured.state.redis.aclose()

    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-credentials"] == "true"
    assert answer.headers["access-control-allow-origin"] == portal
    assert answer.headers["access-control-allow-credentials"] == "true"
