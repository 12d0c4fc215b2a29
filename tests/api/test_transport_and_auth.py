"""GraphQL over HTTP and authentication: every bad request is refused clearly."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from tenants.models import Tenant
from tenants.operators import create_operator
from tests.api.graphql import GRAPHQL_RESPONSE, gql, gql_errors, post
from tests.api.operations.members import ME, member_token, new_member
from tests.api.operations.tenancy import (
    PASSWORD,
    SIGN_UP,
    VIEWER,
    create_api_key,
    sign_up,
    sign_up_input,
)
from tests.conftest import TEST_JWT_SECRET

MEMBERS = "query { members(first: 5) { nodes { id } } }"


async def _raw(
    client: httpx.AsyncClient,
    content: bytes,
    content_type: str = "application/json",
    accept: str = GRAPHQL_RESPONSE,
) -> httpx.Response:
    return await client.post(
        "/graphql", content=content, headers={"content-type": content_type, "accept": accept}
    )


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b'{"query": "{ viewer { kind } }"}', "text/plain", 415),
        (b'[{"query": "{ viewer { kind } }"}]', "application/json", 400),
        (b'{"query": 5}', "application/json", 400),
        (b'{"query": "{ viewer { kind } }", "variables": []}', "application/json", 400),
        (b'{"query": "{ viewer { "}', "application/json", 400),
        (b'{"query": "{ noSuchField }"}', "application/json", 400),
    ],
)
async def test_bad_requests_get_4xx_with_a_graphql_error(
    client: httpx.AsyncClient, content: bytes, content_type: str, status: int
) -> None:
    response = await _raw(client, content, content_type)

    assert response.status_code == status
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert "data" not in response.json()
    assert response.json()["errors"][0]["message"]


async def test_body_over_the_limit_is_refused(client: httpx.AsyncClient) -> None:
    query = "{ viewer { kind } }" + " " * 1_100_000
    response = await _raw(client, json.dumps({"query": query}).encode())
    assert response.status_code == 413


async def test_wrong_variable_types_are_request_errors(client: httpx.AsyncClient) -> None:
    body = {"query": SIGN_UP, "variables": {"input": {**sign_up_input(), "currency": {"code": 1}}}}
    before = await Tenant.all().count()

    response = await _raw(client, json.dumps(body).encode())

    assert response.status_code == 400
    assert await Tenant.all().count() == before


async def test_legacy_json_clients_get_200_for_validation_errors(client: httpx.AsyncClient) -> None:
    response = await _raw(client, b'{"query": "{ noSuchField }"}', accept="application/json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["errors"]


async def test_unacceptable_accept_header_is_406(client: httpx.AsyncClient) -> None:
    response = await _raw(client, b'{"query": "{ viewer { kind } }"}', accept="text/csv")
    assert response.status_code == 406


async def test_get_runs_queries_but_not_mutations(client: httpx.AsyncClient) -> None:
    headers = {"accept": GRAPHQL_RESPONSE}
    query = await client.get("/graphql", params={"query": "{ viewer { kind } }"}, headers=headers)
    mutation = await client.get(
        "/graphql", params={"query": "mutation { logout { ok } }"}, headers=headers
    )
    assert query.status_code == 200
    assert query.json() == {"data": {"viewer": {"kind": "ANONYMOUS"}}}
    assert mutation.status_code == 405


async def test_depth_and_alias_limits(client: httpx.AsyncClient) -> None:
    deep = "{ viewer { tenant { currency { code } } } }"
    aliases = "{ " + " ".join(f"a{i}: viewer {{ kind }}" for i in range(40)) + " }"
    assert (await _raw(client, json.dumps({"query": deep}).encode())).status_code == 200
    response = await _raw(client, json.dumps({"query": aliases}).encode())
    assert response.status_code == 400


def _token(
    claims: dict[str, object], key: str = TEST_JWT_SECRET, alg: str = "HS256", kid: str = "k1"
) -> str:
    now = datetime.now(UTC)
    payload = {
        "iss": "pointsmall",
        "aud": "pointsmall-api",
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=5),
        "typ": "staff",
        **claims,
    }
    return jwt.encode(payload, key, algorithm=alg, headers={"kid": kid})


def _none_alg(claims: dict[str, object]) -> str:
    def part(value: dict[str, object]) -> str:
        return (
            base64.urlsafe_b64encode(json.dumps(value, default=str).encode()).decode().rstrip("=")
        )

    return f"{part({'alg': 'none', 'typ': 'JWT', 'kid': 'k1'})}.{part(claims)}."


async def test_forged_expired_and_none_alg_tokens_are_refused(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    viewer = jwt.decode(merchant.access_token, options={"verify_signature": False})
    claims = {k: viewer[k] for k in ("sub", "tid", "sid")}
    expired_at = datetime.now(UTC) - timedelta(hours=1)
    cases = {
        "forged": _token(claims, key="another-secret-" + "y" * 40),
        "unknown kid": _token(claims, kid="k9"),
        "expired": _token(
            {
                **claims,
                "exp": expired_at,
                "iat": expired_at - timedelta(minutes=5),
                "nbf": expired_at - timedelta(minutes=5),
            }
        ),
        "wrong audience": _token({**claims, "aud": "someone-else"}),
        "none alg": _none_alg(
            {**claims, "typ": "staff", "iss": "pointsmall", "aud": "pointsmall-api"}
        ),
        "garbage": "not.a.token",
        "HS512": _token(claims, key=TEST_JWT_SECRET * 2, alg="HS512"),
    }
    for name, token in cases.items():
        status, errors = await gql_errors(client, VIEWER, token=token)
        assert status == 401, name
        expected = "TOKEN_EXPIRED" if name == "expired" else "UNAUTHENTICATED"
        assert errors[0]["extensions"]["code"] == expected, name


async def test_authorization_header_must_be_bearer(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": VIEWER}, headers={"authorization": "Basic abc"}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_revoked_api_key_is_refused_at_once(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    key = await create_api_key(client, merchant, ["MEMBERS_READ"])
    keys = await gql(
        client, "query { apiKeys(first: 5) { nodes { id } } }", token=merchant.access_token
    )
    key_id = keys["apiKeys"]["nodes"][0]["id"]
    assert (await gql(client, MEMBERS, token=key))["members"]["nodes"] == []

    revoke = "mutation($id: ID!) { revokeApiKey(input: {apiKeyId: $id}) { apiKey { revokedAt } userErrors { code } } }"
    await gql(client, revoke, {"id": key_id}, merchant.access_token)

    status, _errors = await gql_errors(client, MEMBERS, token=key)
    assert status == 401
    status, _ = await gql_errors(client, MEMBERS, token=key[:-1] + ("0" if key[-1] != "0" else "1"))
    assert status == 401


async def test_rate_limit_per_api_key(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    key = await create_api_key(client, merchant, ["MEMBERS_READ"])
    await Tenant.filter(id=merchant.tenant_id).update(rate_limit_per_minute=3)

    statuses = [(await gql_errors(client, MEMBERS, token=key))[0] for _ in range(4)]
    response = await client.post(
        "/graphql", json={"query": MEMBERS}, headers={"authorization": f"Bearer {key}"}
    )

    assert statuses == [200, 200, 200, 429]
    assert response.status_code == 429
    assert 1 <= int(response.headers["retry-after"]) <= 60
    extensions = response.json()["errors"][0]["extensions"]
    assert extensions["code"] == "RATE_LIMITED"
    assert extensions["retryAfterSeconds"] == int(response.headers["retry-after"])
    staff = await gql(client, VIEWER, token=merchant.access_token)
    assert staff["viewer"]["kind"] == "STAFF"


async def test_suspension_stops_tokens_and_keys_until_reactivated(
    client: httpx.AsyncClient,
) -> None:
    # given a merchant with a key and a member token, and an operator
    merchant = await sign_up(client)
    key = await create_api_key(client, merchant, ["MEMBERS_READ"])
    member = await member_token(
        client, merchant.access_token, await new_member(client, merchant.access_token, "m")
    )
    email = f"op-{merchant.slug}@platform.example.com"
    await create_operator(email, PASSWORD)
    login = await gql(
        client,
        "mutation($e: String!, $p: String!) { loginOperator(input: {email: $e, password: $p}) { accessToken } }",
        {"e": email, "p": PASSWORD},
    )
    operator = login["loginOperator"]["accessToken"]
    suspend = "mutation($id: ID!) { suspendTenant(input: {tenantId: $id}) { tenant { status } userErrors { code } } }"
    reactivate = (
        "mutation($id: ID!) { reactivateTenant(input: {tenantId: $id}) { tenant { status } } }"
    )

    # when
    suspended = await gql(client, suspend, {"id": merchant.tenant_id}, operator)

    # then
    assert suspended["suspendTenant"]["tenant"]["status"] == "SUSPENDED"
    for token in (merchant.access_token, key, member):
        status, errors = await gql_errors(client, VIEWER, token=token)
        assert status == 403
        assert errors[0]["extensions"]["code"] == "TENANT_SUSPENDED"
    again = await gql(client, suspend, {"id": merchant.tenant_id}, operator)
    assert again["suspendTenant"]["userErrors"] == [{"code": "ALREADY_IN_STATE"}]
    await gql(client, reactivate, {"id": merchant.tenant_id}, operator)
    assert (await gql(client, ME, token=member))["me"]["externalId"] == "m"


async def test_only_operators_list_and_suspend_tenants(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    query = "query { tenants(first: 5) { nodes { id } } }"
    status, errors = await gql_errors(client, query, token=merchant.access_token)
    assert (status, errors[0]["extensions"]["code"]) == (200, "FORBIDDEN")
    status, errors = await gql_errors(client, query)
    assert (status, errors[0]["extensions"]["code"]) == (200, "UNAUTHENTICATED")


async def test_healthz_and_readyz(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True, "degraded": False, "database": True, "redis": True}


async def test_rate_limit_per_member_token(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await member_token(
        client, merchant.access_token, await new_member(client, merchant.access_token, "ann")
    )
    bob = await member_token(
        client, merchant.access_token, await new_member(client, merchant.access_token, "bob")
    )
    await Tenant.filter(id=merchant.tenant_id).update(rate_limit_per_minute=2)

    ann_statuses = [(await gql_errors(client, ME, token=ann))[0] for _ in range(3)]
    bob_status, _ = await gql_errors(client, ME, token=bob)

    assert ann_statuses == [200, 200, 429]
    assert bob_status == 200


async def test_documents_that_do_not_parse_or_validate_say_so_with_a_code(
    client: httpx.AsyncClient,
) -> None:
    for document, code in [
        ("{ tenant { ", "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
        ("query($a: Int) { tenant { id } }", "GRAPHQL_VALIDATION_FAILED"),
    ]:
        response = await post(client, document)
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert error["extensions"] == {
            "code": code,
            "requestId": response.headers["x-request-id"],
        }, document
