"""Create mutations under an idempotency key: a retry, or four at once, make one object and all
answer with it; the same key for another request is refused and makes nothing."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.api.graphql import gql
from tests.api.operations.tenancy import PASSWORD, sign_up

ERRORS = "userErrors { field code }"


@dataclass(frozen=True)
class Create:
    """One create mutation: its document, its variables for a key and a name, and how to
    list what exists."""

    document: str
    variables: Callable[[str, str], dict[str, Any]]
    count: str

    @property
    def field(self) -> str:
        return self.document.split("{", 1)[1].split("(", 1)[0].strip()


def _campaign(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "kind": "BONUS",
        "bonusPoints": 10,
        "startsAt": "2030-01-01T00:00:00Z",
        "endsAt": "2030-01-02T00:00:00Z",
    }


CREATES = {
    "reward": Create(
        f"""mutation($i: RewardInput!, $k: String) {{ createReward(input: $i, idempotencyKey: $k)
        {{ reward {{ id }} {ERRORS} }} }}""",
        lambda key, name: {
            "i": {"name": name, "type": "PHYSICAL", "pricePoints": 10, "stock": 3},
            "k": key,
        },
        "query { rewards(first: 100) { nodes { id } } }",
    ),
    "tier": Create(
        f"""mutation($i: TierInput!, $k: String) {{ createTier(input: $i, idempotencyKey: $k)
        {{ tier {{ id }} {ERRORS} }} }}""",
        lambda key, name: {"i": {"name": name, "rank": 90, "threshold": 900000}, "k": key},
        "query { tiers { id } }",
    ),
    "earn rule": Create(
        f"""mutation($i: CreateEarnRuleInput!) {{ createEarnRule(input: $i)
        {{ rule {{ id }} {ERRORS} }} }}""",
        lambda key, name: {"i": {"purchase": {"name": name}, "idempotencyKey": key}},
        "query { earnRules { id } }",
    ),
    "campaign": Create(
        f"""mutation($i: CreateCampaignInput!) {{ createCampaign(input: $i)
        {{ campaign {{ id }} {ERRORS} }} }}""",
        lambda key, name: {"i": {"campaign": _campaign(name), "idempotencyKey": key}},
        "query { campaigns { id } }",
    ),
    "lottery": Create(
        f"""mutation($i: CreateLotteryInput!) {{ createLottery(input: $i)
        {{ lottery {{ id }} {ERRORS} }} }}""",
        lambda key, name: {
            "i": {
                "name": name,
                "costPoints": 5,
                "prizes": [{"name": "Nothing", "kind": "NOTHING", "weight": 1}],
                "idempotencyKey": key,
            }
        },
        "query { lotteries { id } }",
    ),
    "webhook endpoint": Create(
        f"""mutation($i: WebhookEndpointInput!, $k: String) {{
        createWebhookEndpoint(input: $i, idempotencyKey: $k) {{ endpoint {{ id }} secret {ERRORS} }} }}""",
        lambda key, name: {"i": {"url": f"http://127.0.0.1:9/{name}"}, "k": key},
        "query { webhookEndpoints { id } }",
    ),
    "staff user": Create(
        f"""mutation($i: CreateStaffUserInput!) {{ createStaffUser(input: $i)
        {{ staffUser {{ id }} {ERRORS} }} }}""",
        lambda key, name: {
            "i": {
                "email": f"{name}@{key}.example.com",
                "password": PASSWORD,
                "role": "STAFF",
                "idempotencyKey": key,
            }
        },
        "query { staffUsers(first: 100) { nodes { id } } }",
    ),
    "API key": Create(
        f"""mutation($i: CreateApiKeyInput!) {{ createApiKey(input: $i)
        {{ apiKey {{ id }} secret {ERRORS} }} }}""",
        lambda key, name: {"i": {"name": name, "scopes": ["MEMBERS_READ"], "idempotencyKey": key}},
        "query { apiKeys(first: 100) { nodes { id } } }",
    ),
}


def _ids(listing: dict[str, Any]) -> set[str]:
    found = next(iter(listing.values()))
    rows = found["nodes"] if isinstance(found, dict) else found
    return {row["id"] for row in rows}


def _made(answer: dict[str, Any], field: str) -> str:
    payload = answer[field]
    assert payload["userErrors"] == [], payload
    made = next(value for name, value in payload.items() if name not in ("userErrors", "secret"))
    return str(made["id"])


@pytest.mark.parametrize("kind", CREATES)
async def test_a_retried_create_makes_one_object(client: httpx.AsyncClient, kind: str) -> None:
    # given a merchant, and what it has
    owner = (await sign_up(client)).access_token
    create = CREATES[kind]
    before = _ids(await gql(client, create.count, token=owner))
    key = secrets.token_hex(6)
    values = create.variables(key, "first")

    # when the same create is sent four times at once, and once more afterwards
    answers = await asyncio.gather(*(gql(client, create.document, values, owner) for _ in range(4)))
    retry = await gql(client, create.document, values, owner)

    # then one object was made, and every answer names it
    made = {_made(answer, create.field) for answer in [*answers, retry]}
    after = _ids(await gql(client, create.count, token=owner))
    assert len(made) == 1
    assert after - before == made

    # when the key is used again for something else
    other = await gql(client, create.document, create.variables(key, "second"), owner)

    # then it is refused, and nothing more exists
    refused = other[create.field]["userErrors"]
    assert refused == [{"field": "idempotencyKey", "code": "IDEMPOTENCY_KEY_REUSED"}]
    assert _ids(await gql(client, create.count, token=owner)) == after


async def test_secrets_on_a_retried_create(client: httpx.AsyncClient) -> None:
    owner = (await sign_up(client)).access_token
    # a webhook endpoint's signing secret is answered again to the same caller's retry
    hook = CREATES["webhook endpoint"]
    values = hook.variables("hook-1", "orders")
    first = (await gql(client, hook.document, values, owner))["createWebhookEndpoint"]
    retry = (await gql(client, hook.document, values, owner))["createWebhookEndpoint"]
    assert first["secret"].startswith("whsec_")
    assert retry == first
    # an API key's secret is stored only as a digest: only the first answer carries it
    api = CREATES["API key"]
    values = api.variables("key-1", "backend")
    first = (await gql(client, api.document, values, owner))["createApiKey"]
    retry = (await gql(client, api.document, values, owner))["createApiKey"]
    assert first["secret"]
    assert retry == {**first, "secret": None}
