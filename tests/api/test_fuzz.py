"""Queries and mutations generated from the committed SDL (hypothesis-graphql), sent with a
merchant owner's token: whatever they ask, the answer is never a 5xx and always GraphQL-shaped.

Valid documents with arbitrary arguments (NUL bytes, huge and negative numbers, unknown ids,
nulls), and documents with one schema violation each. Bounded: a fixed number of examples per
run (FUZZ_EXAMPLES, 100 by default), so CI spends seconds, not minutes; a failure prints the
document that caused it.
"""

from __future__ import annotations

import os
from datetime import UTC
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import build_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, nodes, queries

from tests.api.operations.members import new_member
from tests.api.operations.tenancy import Merchant, sign_up

SCHEMA = build_schema((Path(__file__).resolve().parents[2] / "schema.graphql").read_text())
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
NUMBERS = st.integers(min_value=-(2**70), max_value=2**70).map(nodes.Int)
SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "Points": NUMBERS,
    "MinorUnits": NUMBERS,
    "DateTime": st.datetimes(timezones=st.just(UTC)).map(lambda d: nodes.String(d.isoformat())),
    "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
    "JSON": st.text(max_size=20).map(nodes.String),
}
# `logout` would end the token every later example uses.
MUTATIONS = tuple(SCHEMA.mutation_type.fields) if SCHEMA.mutation_type else ()
FIELDS = tuple(name for name in MUTATIONS if name != "logout")
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
async def merchant(app: Any) -> Merchant:
    transport = httpx.ASGITransport(app=app, client=("10.5.0.1", 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        owner = await sign_up(http)
        await new_member(http, owner.access_token, "fuzz-member")
    return owner


async def _answer(client: httpx.AsyncClient, token: str, document: str) -> None:
    response = await client.post(
        "/graphql",
        json={"query": document},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code < 500, (document, response.status_code, response.text)
    body = response.json()
    assert "data" in body or body["errors"][0]["extensions"]["code"], (document, body)
    assert response.headers["x-request-id"]


def test_the_mutation_list_is_read_from_the_sdl() -> None:
    assert {"awardPoints", "redeemReward", "signUpMerchant", "logout"} <= set(MUTATIONS)
    assert len(MUTATIONS) > 60


@FUZZ
@given(document=queries(SCHEMA, custom_scalars=SCALARS))
async def test_generated_queries_never_fail_with_a_5xx(
    client: httpx.AsyncClient, merchant: Merchant, document: str
) -> None:
    await _answer(client, merchant.access_token, document)


@FUZZ
@given(document=mutations(SCHEMA, fields=FIELDS, custom_scalars=SCALARS))
async def test_generated_mutations_never_fail_with_a_5xx(
    client: httpx.AsyncClient, merchant: Merchant, document: str
) -> None:
    await _answer(client, merchant.access_token, document)


@FUZZ
@given(document=mutations(SCHEMA, fields=FIELDS, custom_scalars=SCALARS, mode=Mode.NEGATIVE))
async def test_mutations_that_break_the_schema_never_fail_with_a_5xx(
    client: httpx.AsyncClient, merchant: Merchant, document: str
) -> None:
    await _answer(client, merchant.access_token, document)
