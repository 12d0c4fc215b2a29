"""Automatic persisted queries as Apollo Client and urql speak them, and the registered-only
mode for member tokens."""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from app.core.settings import Settings
from app.main import create_app
from tests.api.operations.members import member_token, new_member
from tests.api.operations.tenancy import sign_up

ROOT = Path(__file__).resolve().parents[2]
MALL_HOME = (ROOT / "web/mall/operations/MallHome.graphql").read_text(encoding="utf-8")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _apq(query: str | None, digest: str) -> dict[str, Any]:
    body: dict[str, Any] = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}
    if query is not None:
        body["query"] = query
    return body


def _auth(token: str | None) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"} if token else {}


@asynccontextmanager
async def _pod(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """Another API process on the same database and Redis."""
    app: Starlette = create_app(settings)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            yield http
    finally:
        await app.state.redis.aclose()


async def test_a_hash_alone_is_unknown_until_sent_with_its_document_then_it_runs(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a document no one has sent before (a unique alias makes it new)
    query = f"{{ n{secrets.token_hex(6)}: viewer {{ kind }} }}"
    digest = _sha(query)

    # when a client sends the hash alone, then hash and document, then the hash alone again
    missed = await client.post("/graphql", json=_apq(None, digest))
    stored = await client.post("/graphql", json=_apq(query, digest))
    hit = await client.post("/graphql", json=_apq(None, digest))

    # then the first is PERSISTED_QUERY_NOT_FOUND (200, as APQ clients expect) and both later
    # ones execute
    assert missed.status_code == 200
    [error] = missed.json()["errors"]
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert error["extensions"]["requestId"] == missed.headers["x-request-id"]
    assert "data" not in missed.json()
    assert stored.json() == hit.json()
    assert next(iter(hit.json()["data"].values())) == {"kind": "ANONYMOUS"}

    # and another process finds it in Redis; and by GET as well
    async with _pod(settings) as other:
        elsewhere = await other.post("/graphql", json=_apq(None, digest))
        extensions = f'{{"persistedQuery":{{"version":1,"sha256Hash":"{digest}"}}}}'
        by_get = await other.get("/graphql", params={"extensions": extensions})
    assert elsewhere.json() == hit.json()
    assert by_get.json() == hit.json()


async def test_a_document_that_does_not_match_its_hash_is_refused_and_not_stored(
    client: httpx.AsyncClient,
) -> None:
    query = f"{{ n{secrets.token_hex(6)}: viewer {{ kind }} }}"
    wrong = _sha(query + " ")

    refused = await client.post("/graphql", json=_apq(query, wrong))
    later = await client.post("/graphql", json=_apq(None, wrong))

    assert refused.status_code in {200, 400}
    assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "does not match" in refused.json()["errors"][0]["message"]
    assert later.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_malformed_persisted_query_extensions_are_refused(client: httpx.AsyncClient) -> None:
    cases = [
        {"extensions": {"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}}},
        {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "xyz"}}},
        {"extensions": "persistedQuery"},
        {"extensions": {"other": 1}},
    ]
    codes = []
    for body in cases:
        answer = await client.post("/graphql", json=body)
        codes.append(answer.json()["errors"][0]["extensions"]["code"])

    assert codes == ["PERSISTED_QUERY_NOT_SUPPORTED", "BAD_REQUEST", "BAD_REQUEST", "BAD_REQUEST"]


async def test_without_redis_a_process_keeps_the_documents_it_was_sent(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given an API whose Redis is unreachable
    gone = dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0")
    query = f"{{ n{secrets.token_hex(6)}: viewer {{ kind }} }}"
    digest = _sha(query)
    async with _pod(gone) as http:
        # when a document is registered and asked for by hash
        stored = await http.post("/graphql", json=_apq(query, digest))
        hit = await http.post("/graphql", json=_apq(None, digest))

    # then both execute, from the process's own copy
    assert "errors" not in stored.json()
    assert hit.json() == stored.json()


async def test_registered_mode_lets_member_tokens_run_only_the_front_ends_documents(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given an API that runs only registered documents for member tokens
    strict = dataclasses.replace(settings, member_documents="registered")
    merchant = await sign_up(client)
    member = await member_token(
        client, merchant.access_token, await new_member(client, merchant.access_token, "m-1")
    )
    async with _pod(strict) as http:
        # when the member runs the mall's document (as sent, reformatted, by hash alone),
        # then an ad-hoc query; and staff run the ad-hoc query
        as_sent = await http.post("/graphql", json={"query": MALL_HOME}, headers=_auth(member))
        reformatted = " ".join(MALL_HOME.split("\n")[1:])
        spaced = await http.post("/graphql", json={"query": reformatted}, headers=_auth(member))
        by_hash = await http.post(
            "/graphql", json=_apq(None, _sha(MALL_HOME)), headers=_auth(member)
        )
        ad_hoc = {"query": "{ me { displayName } }"}
        refused = await http.post("/graphql", json=ad_hoc, headers=_auth(member))
        staff = await http.post(
            "/graphql", json={"query": "{ tenant { name } }"}, headers=_auth(merchant.access_token)
        )

    # then the mall's document runs all three ways; the ad-hoc one is refused for the member
    for answer in (as_sent, spaced, by_hash):
        assert answer.status_code == 200, answer.text
        assert answer.json()["data"]["me"]["displayName"] == "m-1"
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_REGISTERED"
    assert "data" not in refused.json()
    assert staff.json()["data"]["tenant"]["name"]
