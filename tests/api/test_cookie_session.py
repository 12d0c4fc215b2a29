"""The portal's browser session: HttpOnly cookies, a CSRF token repeated in a header, logout
that ends the session on the server."""

from __future__ import annotations

import httpx

from app.core.settings import Settings
from tenants.tokens import TokenIssuer
from tests.api.operations.tenancy import PASSWORD, sign_up

VIEWER = {"query": "{ viewer { kind role } }"}
PORTAL_API = "/portal/graphql"


def _cookie(client: httpx.AsyncClient, name: str) -> str:
    (value,) = [c.value for c in client.cookies.jar if c.name == name]
    assert value is not None
    return value


def _csrf(client: httpx.AsyncClient) -> str:
    return _cookie(client, "pm_csrf")


async def _logged_in(client: httpx.AsyncClient) -> tuple[httpx.Response, str]:
    merchant = await sign_up(client)
    answer = await client.post(
        "/portal/session/login", json={"email": merchant.email, "password": PASSWORD}
    )
    return answer, _csrf(client)


async def test_login_sets_httponly_strict_cookies_and_no_token_in_the_body(
    client: httpx.AsyncClient,
) -> None:
    answer, _ = await _logged_in(client)
    assert answer.status_code == 200
    assert answer.json() == {"ok": True, "expiresIn": 900}
    cookies = {c.split("=", 1)[0]: c.lower() for c in answer.headers.get_list("set-cookie")}
    assert set(cookies) == {"pm_staff", "pm_staff_refresh", "pm_csrf"}
    assert all("samesite=strict" in c for c in cookies.values())
    assert "httponly" in cookies["pm_staff"]
    assert "httponly" in cookies["pm_staff_refresh"]
    assert "httponly" not in cookies["pm_csrf"]  # the page reads it to repeat it
    assert "path=/portal/session" in cookies["pm_staff_refresh"]
    assert "secure" not in cookies["pm_staff"]  # development; Secure everywhere else


async def test_a_cookie_request_without_its_csrf_token_is_refused(
    client: httpx.AsyncClient,
) -> None:
    # given a logged-in browser
    _, csrf = await _logged_in(client)

    # when a request comes with the cookies but not the token (what another site can forge)
    forged = await client.post(PORTAL_API, json=VIEWER)
    wrong = await client.post(PORTAL_API, json=VIEWER, headers={"x-csrf-token": "guess"})
    mine = await client.post(PORTAL_API, json=VIEWER, headers={"x-csrf-token": csrf})

    # then only the page's own request is the staff user
    assert forged.status_code == wrong.status_code == 403
    assert forged.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert mine.json() == {"data": {"viewer": {"kind": "STAFF", "role": "OWNER"}}}

    # and the public endpoint never reads the cookie, token or not
    public = await client.post("/graphql", json=VIEWER, headers={"x-csrf-token": csrf})
    assert public.json() == {"data": {"viewer": {"kind": "ANONYMOUS", "role": None}}}


async def test_refresh_rotates_and_logout_ends_the_session_on_the_server(
    client: httpx.AsyncClient,
) -> None:
    _, csrf = await _logged_in(client)
    old_access = _cookie(client, "pm_staff")
    old_refresh = client.cookies.get("pm_staff_refresh", path="/portal/session")

    # refresh: new tokens, and the old refresh token no longer works
    rotated = await client.post("/portal/session/refresh", headers={"x-csrf-token": csrf})
    assert rotated.status_code == 200
    csrf = _csrf(client)
    assert _cookie(client, "pm_staff") != old_access
    assert client.cookies.get("pm_staff_refresh", path="/portal/session") != old_refresh

    # logout without the token is refused; with it, the session ends and the cookies go
    assert (await client.post("/portal/session/logout")).status_code == 403
    ended = await client.post("/portal/session/logout", headers={"x-csrf-token": csrf})
    assert ended.json() == {"ok": True}
    assert not [c for c in client.cookies.jar if c.name == "pm_staff"]

    # and the access token it had stops working at once, also as a bearer token
    replay = await client.post(
        "/graphql", json=VIEWER, headers={"authorization": f"Bearer {_access_cookie(rotated)}"}
    )
    assert replay.status_code == 401


def _access_cookie(answer: httpx.Response) -> str:
    for cookie in answer.headers.get_list("set-cookie"):
        if cookie.startswith("pm_staff="):
            return cookie.split("=", 1)[1].split(";", 1)[0]
    raise AssertionError("no access cookie")


async def test_bad_logins_are_graphql_shaped_refusals(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    wrong = await client.post(
        "/portal/session/login", json={"email": merchant.email, "password": "Wrong-pass-123"}
    )
    form = await client.post("/portal/session/login", data={"email": merchant.email})
    huge = await client.post(
        "/portal/session/login",
        content=b'{"email": "' + b"x" * 2_000_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    nul = await client.post(
        "/portal/session/login", json={"email": "a\u0000@example.com", "password": "x"}
    )
    assert wrong.status_code == 401
    assert wrong.json()["errors"][0]["extensions"]["code"] == "INVALID_CREDENTIALS"
    assert form.status_code == 400
    assert huge.status_code == 400
    assert nul.status_code == 401
    assert nul.json()["errors"][0]["extensions"]["code"] == "INVALID_CREDENTIALS"
    assert not [c for c in client.cookies.jar if c.name == "pm_staff"]


async def test_an_expired_access_token_asks_for_a_refresh_which_renews_it(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a logged-in browser whose access token has expired (the cookie outlives it)
    _, csrf = await _logged_in(client)
    tokens = TokenIssuer(settings)
    claims = tokens.verify(_cookie(client, "pm_staff"))
    (cookie,) = [c for c in client.cookies.jar if c.name == "pm_staff"]
    client.cookies.set("pm_staff", tokens.mint(claims, -60), domain=cookie.domain, path=cookie.path)

    # when the page asks, the answer says the token expired (not "who are you?")
    answer = await client.post(PORTAL_API, json=VIEWER, headers={"x-csrf-token": csrf})
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["extensions"]["code"] == "TOKEN_EXPIRED"

    # then one refresh, and the same request works again
    assert (
        await client.post("/portal/session/refresh", headers={"x-csrf-token": csrf})
    ).status_code == 200
    again = await client.post(PORTAL_API, json=VIEWER, headers={"x-csrf-token": _csrf(client)})
    assert again.json() == {"data": {"viewer": {"kind": "STAFF", "role": "OWNER"}}}
