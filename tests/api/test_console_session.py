"""The operator console's browser session: its own cookies under /console, CSRF protection,
logout that ends the operator session on the server, and doors that never mix a merchant's
session with an operator's."""

from __future__ import annotations

import dataclasses
import secrets

import httpx

from app.core.ids import uuid7
from app.core.settings import Settings
from app.main import create_app
from tenants.operators import create_operator
from tenants.tokens import TokenClaims, TokenIssuer, TokenKind
from tests.api.graphql import gql
from tests.api.operations.exchange import operator_token
from tests.api.operations.tenancy import PASSWORD, sign_up

VIEWER = {"query": "{ viewer { kind operatorEmail } }"}
CONSOLE_API = "/console/graphql"


def _cookie(client: httpx.AsyncClient, name: str) -> str:
    (value,) = [c.value for c in client.cookies.jar if c.name == name]
    assert value is not None
    return value


async def _console_login(client: httpx.AsyncClient) -> tuple[httpx.Response, str]:
    email = f"ops-{secrets.token_hex(4)}@platform.example.com"
    await create_operator(email, PASSWORD)
    answer = await client.post(
        "/console/session/login", json={"email": email, "password": PASSWORD}
    )
    return answer, email


async def test_console_login_sets_its_own_strict_cookies_under_console(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    answer, email = await _console_login(client)
    assert answer.status_code == 200
    assert answer.json() == {"ok": True, "expiresIn": settings.operator_token_ttl_seconds}
    cookies = {c.split("=", 1)[0]: c.lower() for c in answer.headers.get_list("set-cookie")}
    assert set(cookies) == {"pm_operator", "pm_csrf"}  # no refresh: operators sign in again
    assert all("samesite=strict" in c and "path=/console" in c for c in cookies.values())
    assert "httponly" in cookies["pm_operator"]
    assert "httponly" not in cookies["pm_csrf"]

    # the console's door wants the CSRF token; with it, the caller is the operator
    forged = await client.post(CONSOLE_API, json=VIEWER)
    mine = await client.post(
        CONSOLE_API, json=VIEWER, headers={"x-csrf-token": _cookie(client, "pm_csrf")}
    )
    assert forged.status_code == 403
    assert mine.json() == {"data": {"viewer": {"kind": "OPERATOR", "operatorEmail": email}}}


async def test_console_logout_ends_the_operator_session_on_the_server(
    client: httpx.AsyncClient,
) -> None:
    # given a signed-in console and its token, copied out of the cookie
    await _console_login(client)
    token, csrf = _cookie(client, "pm_operator"), _cookie(client, "pm_csrf")
    bearer = {"authorization": f"Bearer {token}"}
    assert (await client.post("/graphql", json=VIEWER, headers=bearer)).status_code == 200

    # when the console signs out (a forged sign-out, without the CSRF token, ends nothing)
    assert (await client.post("/console/session/logout")).status_code == 403
    ended = await client.post("/console/session/logout", headers={"x-csrf-token": csrf})

    # then the cookies go and the token stops working everywhere at once
    assert ended.json() == {"ok": True}
    assert not [c for c in client.cookies.jar if c.name == "pm_operator"]
    replay = await client.post("/graphql", json=VIEWER, headers=bearer)
    assert replay.status_code == 401
    assert replay.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_logout_mutation_ends_an_operator_token(client: httpx.AsyncClient) -> None:
    token = await operator_token(client)
    ended = await gql(client, "mutation { logout { ok } }", token=token)
    again = await client.post("/graphql", json=VIEWER, headers={"authorization": f"Bearer {token}"})
    assert ended == {"logout": {"ok": True}}
    assert again.status_code == 401


async def test_an_operator_token_naming_no_session_is_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # a token signed with our key but minted without a session (as before sessions existed)
    operator = await create_operator(f"ops-{secrets.token_hex(4)}@example.com", PASSWORD)
    sessionless = TokenIssuer(settings).mint(
        TokenClaims(TokenKind.OPERATOR, operator.id, None, None), 60
    )
    unknown = TokenIssuer(settings).mint(
        TokenClaims(TokenKind.OPERATOR, operator.id, None, uuid7()), 60
    )
    for token in (sessionless, unknown):
        answer = await client.post(
            "/graphql", json=VIEWER, headers={"authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 401


async def test_each_door_admits_only_its_own_kind_of_session(client: httpx.AsyncClient) -> None:
    # given a merchant's token and an operator's, each planted in the other front end's cookie
    merchant = await sign_up(client)
    operator = await operator_token(client)
    csrf = secrets.token_urlsafe(16)
    client.cookies.set("pm_csrf", csrf, path="/console")
    client.cookies.set("pm_operator", merchant.access_token, path="/console")
    client.cookies.set("pm_csrf", csrf, path="/portal")
    client.cookies.set("pm_staff", operator, path="/portal")
    headers = {"x-csrf-token": csrf}

    # then neither door takes it
    console = await client.post(CONSOLE_API, json=VIEWER, headers=headers)
    portal = await client.post("/portal/graphql", json=VIEWER, headers=headers)
    assert console.status_code == portal.status_code == 403
    assert console.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_session_refusals_carry_a_request_id(client: httpx.AsyncClient) -> None:
    wrong = await client.post(
        "/console/session/login", json={"email": "nobody@example.com", "password": "x"}
    )
    traced = await client.post(
        "/portal/session/login", json={"email": "x"}, headers={"x-request-id": "trace-42"}
    )
    nul = await client.post(
        "/console/session/login", json={"email": "a\u0000@example.com", "password": "x"}
    )
    assert wrong.status_code == 401
    assert wrong.json()["errors"][0]["extensions"]["code"] == "INVALID_CREDENTIALS"
    assert len(wrong.headers["x-request-id"]) == 32
    assert traced.status_code == 401
    assert traced.headers["x-request-id"] == "trace-42"
    assert nul.json()["errors"][0]["extensions"]["code"] == "INVALID_CREDENTIALS"


async def test_operators_search_merchants_by_slug_or_name(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    operator = await operator_token(client)
    query = "query($s: String!) { tenants(first: 5, search: $s) { nodes { slug } } }"
    part = merchant.slug[-6:].upper()
    found = await gql(client, query, {"s": part}, operator)
    none = await gql(client, query, {"s": "no-such-merchant"}, operator)
    assert found["tenants"]["nodes"] == [{"slug": merchant.slug}]
    assert none["tenants"]["nodes"] == []


async def test_the_console_can_be_switched_off(settings: Settings) -> None:
    app = create_app(dataclasses.replace(settings, console=False))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as off:
        assert (await off.get("/console/")).status_code == 404
        assert (await off.post("/console/graphql", json=VIEWER)).status_code == 404
        assert (await off.post("/console/session/login", json={})).status_code == 404
