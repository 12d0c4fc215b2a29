"""Text PostgreSQL cannot store is refused at the edge, changing nothing; with introspection
off, error messages do not suggest field names."""

from __future__ import annotations

import dataclasses
import json

import httpx
import pytest
from starlette.applications import Starlette

from app.core.ids import uuid7
from app.core.settings import Settings
from app.main import create_app
from tests.api.graphql import gql
from tests.api.operations.tenancy import sign_up

UPSERT = """mutation($i: UpsertMemberInput!) { upsertMember(input: $i) {
  member { id } userErrors { code } } }"""
MEMBERS = "{ members(first: 5) { nodes { externalId } } }"


@pytest.mark.parametrize(
    "body",
    [
        {"query": UPSERT, "variables": {"i": {"externalId": "ann\u0000", "displayName": "Ann"}}},
        {"query": UPSERT, "variables": {"i": {"externalId": "ann", "displayName": "A\ud800"}}},
        {"query": UPSERT, "variables": {"i": {"externalId": "ann", "attributes": {"k\u0000": 1}}}},
        {"query": 'mutation { upsertMember(input: {externalId: "a\\u0000b"}) { member { id } } }'},
    ],
    ids=["nul-in-variable", "lone-surrogate", "nul-in-key", "nul-escape-in-document"],
)
async def test_nul_bytes_and_invalid_text_are_refused_and_change_nothing(
    client: httpx.AsyncClient, body: dict[str, object]
) -> None:
    merchant = await sign_up(client)
    headers = {
        "authorization": f"Bearer {merchant.access_token}",
        "content-type": "application/json",
        "accept": "application/graphql-response+json",
    }
    content = json.dumps(body, ensure_ascii=True).encode()  # lone surrogates survive as \\ud800
    answer = await client.post("/graphql", content=content, headers=headers)
    assert answer.status_code == 400
    error = answer.json()["errors"][0]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["requestId"] == answer.headers["x-request-id"]
    assert (await gql(client, MEMBERS, token=merchant.access_token))["members"]["nodes"] == []


async def test_no_field_suggestions_when_introspection_is_off(
    app: Starlette, settings: Settings
) -> None:
    closed = create_app(dataclasses.replace(settings, introspection=False))
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=closed), base_url="http://t"
        ) as http:
            answer = await http.post("/graphql", json={"query": "{ viewr { kind } }"})
    finally:
        await closed.state.redis.aclose()
    message = answer.json()["errors"][0]["message"]
    assert message == "Cannot query field 'viewr' on type 'Query'."
    assert "viewer" not in answer.text


@pytest.mark.parametrize("literal", ["1.5", "1e3", "1.0"])
async def test_points_written_inline_in_any_spelling_but_a_whole_number_are_refused(
    client: httpx.AsyncClient, literal: str
) -> None:
    merchant = await sign_up(client)
    query = (
        f'mutation {{ awardPoints(input: {{memberId: "{uuid7()}", amount: {literal}, '
        f'reason: "r", idempotencyKey: "k"}}) {{ userErrors {{ code }} }} }}'
    )
    answer = await client.post(
        "/graphql",
        json={"query": query},
        headers={
            "authorization": f"Bearer {merchant.access_token}",
            "accept": "application/graphql-response+json",
        },
    )
    assert answer.status_code == 400
    message = answer.json()["errors"][0]["message"]
    assert message.startswith("Expected value of type 'Points!'") or "whole number" in message
    assert "Internal server error" not in answer.text
