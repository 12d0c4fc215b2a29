"""Credential abuse: failed logins lock an email out until the window passes, the right password
included; an unknown email is answered and timed alike; a client cannot escape by naming
another address; sessions' logins are throttled the same way; sign-ups and refused refresh
tokens are counted per address."""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
import statistics
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from app.core.settings import Settings
from app.main import create_app
from tests.api.graphql import gql
from tests.api.operations.tenancy import (
    LOGIN,
    PASSWORD,
    REFRESH,
    SIGN_UP,
    sign_up,
    sign_up_input,
)

WINDOW = 2


@pytest.fixture
async def short_window(app: Starlette, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The session's API (its lockout window is 2 s in tests, 15 minutes by default), from a
    client address of the test's own."""
    assert settings.login_lockout_seconds == WINDOW
    transport = httpx.ASGITransport(app=app, client=(f"10.9.{secrets.randbelow(250)}.1", 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        yield http


def _login(email: str, password: str) -> dict[str, object]:
    return {"query": LOGIN, "variables": {"input": {"email": email, "password": password}}}


async def test_25_wrong_passwords_lock_the_email_until_the_window_passes(
    short_window: httpx.AsyncClient,
) -> None:
    client = short_window
    merchant = await sign_up(client)

    # when someone tries 25 wrong passwords, then the right one
    answers = [
        await client.post("/graphql", json=_login(merchant.email, f"Wrong-guess-{n}1"))
        for n in range(25)
    ]
    right = await client.post("/graphql", json=_login(merchant.email, PASSWORD))

    # then the first five were wrong passwords, the rest and the right one throttled
    codes = [
        (a.json()["data"] or {}).get("login", {}) and a.json()["data"]["login"]["userErrors"][0]["code"]
        if a.status_code == 200 else a.json()["errors"][0]["extensions"]["code"]
        for a in answers
    ]  # fmt: skip
    assert codes == ["INVALID_CREDENTIALS"] * 5 + ["RATE_LIMITED"] * 20
    assert right.status_code == 429
    assert 1 <= int(right.headers["retry-after"]) <= WINDOW
    assert right.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"

    # and once the window has passed, the right password works
    await asyncio.sleep(WINDOW + 0.5)
    again = await gql(client, LOGIN, {"input": {"email": merchant.email, "password": PASSWORD}})
    assert again["login"]["userErrors"] == []
    assert again["login"]["session"]["accessToken"]


async def test_an_unknown_email_is_answered_and_timed_like_a_known_one(
    short_window: httpx.AsyncClient,
) -> None:
    client = short_window
    merchant = await sign_up(client)
    unknown = f"nobody-{secrets.token_hex(4)}@example.com"

    async def timed(email: str) -> tuple[int, float]:
        started = time.perf_counter()
        answer = await client.post("/graphql", json=_login(email, "Wrong-guess-1"))
        return answer.status_code, time.perf_counter() - started

    known_runs = [await timed(merchant.email) for _ in range(7)]
    unknown_runs = [await timed(unknown) for _ in range(7)]
    # the same answers in the same order: five refusals, then the lockout
    assert [s for s, _ in known_runs] == [s for s, _ in unknown_runs] == [200] * 5 + [429] * 2
    known = statistics.median(t for _, t in known_runs[:5])
    unknown_time = statistics.median(t for _, t in unknown_runs[:5])
    assert abs(known - unknown_time) < max(known, unknown_time) * 0.5 + 0.02


async def test_a_client_cannot_name_its_own_address_and_session_logins_are_throttled(
    short_window: httpx.AsyncClient,
) -> None:
    client = short_window
    merchant = await sign_up(client)
    body = {"email": merchant.email, "password": "Wrong-guess-1"}
    statuses = [
        (
            await client.post(
                "/portal/session/login", json=body, headers={"x-forwarded-for": f"203.0.113.{n}"}
            )
        ).status_code
        for n in range(7)
    ]
    assert statuses == [401] * 5 + [429] * 2


def _from(app: Starlette, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 1))
    return httpx.AsyncClient(transport=transport, base_url="http://t")


async def test_sign_ups_are_counted_per_address(app: Starlette, settings: Settings) -> None:
    # given the API allowing three sign-ups per address in the window (sharing the session
    # app's database: its own lifespan would close them)
    limited = create_app(dataclasses.replace(settings, sign_ups_per_address=3))
    try:
        async with _from(limited, "10.8.0.1") as one, _from(limited, "10.8.0.2") as other:
            # when one address signs up four merchants
            answers = [
                await one.post("/graphql", json={"query": SIGN_UP, "variables": {"input": v}})
                for v in [sign_up_input() for _ in range(4)]
            ]
            # then the fourth is refused until the window passes; another address is not
            assert [a.status_code for a in answers] == [200, 200, 200, 429]
            assert answers[3].json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
            assert 1 <= int(answers[3].headers["retry-after"]) <= WINDOW
            assert (await sign_up(other)).access_token
    finally:
        await limited.state.redis.aclose()


async def test_refused_refresh_tokens_are_counted_per_address(
    app: Starlette, settings: Settings
) -> None:
    # given a merchant's session, and an address guessing refresh tokens
    address = f"10.7.{secrets.randbelow(250)}.1"
    async with _from(app, address) as guesser, _from(app, "10.6.0.1") as owner:
        merchant = await sign_up(owner)
        guesses = [
            await guesser.post(
                "/graphql",
                json={"query": REFRESH, "variables": {"input": {"refreshToken": f"guess-{n}"}}},
            )
            for n in range(31)
        ]
        # even its right token is refused while the window lasts
        right = {"input": {"refreshToken": merchant.refresh_token}}
        locked = await guesser.post("/graphql", json={"query": REFRESH, "variables": right})
        # then 30 were refused as invalid, the rest throttled; the owner's own address is not
        codes = [
            g.json()["data"]["refreshSession"]["userErrors"][0]["code"]
            if g.status_code == 200 else g.json()["errors"][0]["extensions"]["code"]
            for g in guesses
        ]  # fmt: skip
        assert codes == ["INVALID_REFRESH_TOKEN"] * 30 + ["RATE_LIMITED"]
        assert locked.status_code == 429
        session = await gql(owner, REFRESH, right)
        assert session["refreshSession"]["session"]["accessToken"]
