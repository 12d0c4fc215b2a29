"""Members: upsert by external id, member tokens, blocking, listing."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from app.members.models import Member
from tests.api.graphql import gql, gql_errors
from tests.api.operations.members import BLOCK, ISSUE_TOKEN, ME, member_token, new_member, upsert
from tests.api.operations.tenancy import create_api_key, sign_up
from tests.db import count_in_tenant

MEMBERS = "query($first: Int!, $after: String, $search: String, $last: Int, $before: String) { members(first: $first, after: $after, search: $search, last: $last, before: $before) { nodes { externalId } pageInfo { hasNextPage endCursor } } }"


async def test_upsert_creates_then_updates_only_the_given_fields(client: httpx.AsyncClient) -> None:
    # given
    merchant = await sign_up(client)
    first = await upsert(
        client,
        merchant.access_token,
        externalId="u-1",
        email="A@Example.com",
        phone="+86 138 0000 0000",
        displayName="Ann",
        birthday="1990-05-01",
        attributes={"city": "昆明"},
    )
    # when
    second = await upsert(
        client, merchant.access_token, externalId="u-1", displayName="Ann Lee", phone=None
    )

    # then
    assert first["created"] is True
    assert second["created"] is False
    member = second["member"]
    assert member["id"] == first["member"]["id"]
    assert member["displayName"] == "Ann Lee"
    assert member["email"] == "a@example.com"
    assert member["phone"] is None
    assert member["birthday"] == "1990-05-01"
    assert member["attributes"] == {"city": "昆明"}


async def test_invalid_profile_fields_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient,
) -> None:
    merchant = await sign_up(client)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"externalId": ""}, "externalId"),
        ({"externalId": "x" * 129}, "externalId"),
        ({"externalId": "u-2", "email": "not-an-email"}, "email"),
        ({"externalId": "u-2", "phone": "abc"}, "phone"),
        ({"externalId": "u-2", "birthday": "2999-01-01"}, "birthday"),
        ({"externalId": "u-2", "attributes": [1, 2]}, "attributes"),
        ({"externalId": "u-2", "attributes": {"k": "v" * 9000}}, "attributes"),
    ]
    for fields, field in cases:
        payload = await upsert(client, merchant.access_token, **fields)
        assert payload["member"] is None
        assert payload["userErrors"][0]["code"] == "INVALID_INPUT"
        assert payload["userErrors"][0]["field"] == field
    assert await count_in_tenant(Member, merchant.tenant_id) == 0


async def test_concurrent_upserts_of_one_external_id_make_one_member(
    client: httpx.AsyncClient,
) -> None:
    merchant = await sign_up(client)

    results = await asyncio.gather(
        *(
            upsert(client, merchant.access_token, externalId="race", displayName=f"n{i}")
            for i in range(8)
        )
    )

    assert [r["userErrors"] for r in results] == [[]] * 8
    assert sum(r["created"] for r in results) == 1
    assert len({r["member"]["id"] for r in results}) == 1
    assert await count_in_tenant(Member, merchant.tenant_id, external_id="race") == 1


async def test_member_token_reaches_only_that_member(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    bob = await new_member(client, merchant.access_token, "bob")
    token = await member_token(client, merchant.access_token, ann)

    me = await gql(client, ME, token=token)
    other = await gql(client, "query($id: ID!) { member(id: $id) { id } }", {"id": bob}, token)
    status, errors = await gql_errors(client, MEMBERS, {"first": 10}, token)

    assert me["me"]["id"] == ann
    assert other["member"] is None
    assert status == 200
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_blocking_a_member_stops_its_token_at_once(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    token = await member_token(client, merchant.access_token, ann)

    blocked = await gql(client, BLOCK, {"input": {"memberId": ann}}, merchant.access_token)
    status, errors = await gql_errors(client, ME, token=token)
    reissue = await gql(client, ISSUE_TOKEN, {"input": {"memberId": ann}}, merchant.access_token)

    assert blocked["blockMember"]["member"]["status"] == "BLOCKED"
    assert status == 401
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert reissue["issueMemberToken"]["userErrors"][0]["code"] == "MEMBER_BLOCKED"


async def test_member_token_ttl_outside_limits_is_refused(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    for ttl in (0, -5, 59, 10**9):
        data = await gql(
            client,
            ISSUE_TOKEN,
            {"input": {"memberId": ann, "ttlSeconds": ttl}},
            merchant.access_token,
        )
        assert data["issueMemberToken"]["token"] is None
        assert data["issueMemberToken"]["userErrors"][0]["field"] == "ttlSeconds"


async def test_members_page_with_keyset_cursors_and_search(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    for i in range(5):
        await new_member(client, merchant.access_token, f"m-{i}")

    page1 = await gql(client, MEMBERS, {"first": 2}, merchant.access_token)
    cursor = page1["members"]["pageInfo"]["endCursor"]
    page2 = await gql(client, MEMBERS, {"first": 10, "after": cursor}, merchant.access_token)
    found = await gql(client, MEMBERS, {"first": 10, "search": "M-3"}, merchant.access_token)

    assert [n["externalId"] for n in page1["members"]["nodes"]] == ["m-0", "m-1"]
    assert page1["members"]["pageInfo"]["hasNextPage"] is True
    assert [n["externalId"] for n in page2["members"]["nodes"]] == ["m-2", "m-3", "m-4"]
    assert page2["members"]["pageInfo"]["hasNextPage"] is False
    assert [n["externalId"] for n in found["members"]["nodes"]] == ["m-3"]


BACKWARDS = "query($last: Int, $before: String, $after: String) { members(last: $last, before: $before, after: $after) { nodes { externalId } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } }"


async def test_members_page_backwards_with_last_and_before(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    for i in range(5):
        await new_member(client, merchant.access_token, f"m-{i}")

    tail = (await gql(client, BACKWARDS, {"last": 2}, merchant.access_token))["members"]
    before = tail["pageInfo"]["startCursor"]
    middle = (await gql(client, BACKWARDS, {"last": 2, "before": before}, merchant.access_token))[
        "members"
    ]
    head = (
        await gql(
            client,
            BACKWARDS,
            {"last": 10, "before": middle["pageInfo"]["startCursor"]},
            merchant.access_token,
        )
    )["members"]
    forward = (
        await gql(
            client, BACKWARDS, {"after": head["pageInfo"]["endCursor"]}, merchant.access_token
        )
    )["members"]

    assert [n["externalId"] for n in tail["nodes"]] == ["m-3", "m-4"]
    assert tail["pageInfo"]["hasPreviousPage"] is True
    assert tail["pageInfo"]["hasNextPage"] is False
    assert [n["externalId"] for n in middle["nodes"]] == ["m-1", "m-2"]
    assert middle["pageInfo"]["hasNextPage"] is True
    assert [n["externalId"] for n in head["nodes"]] == ["m-0"]
    assert head["pageInfo"]["hasPreviousPage"] is False
    assert [n["externalId"] for n in forward["nodes"]] == ["m-1", "m-2", "m-3", "m-4"]
    assert forward["pageInfo"]["hasPreviousPage"] is True
    assert forward["pageInfo"]["startCursor"] == middle["pageInfo"]["startCursor"]


async def test_page_size_and_cursor_are_checked(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    for variables in (
        {"first": 101},
        {"first": 0},
        {"first": 5, "after": "bogus"},
        {"first": 5, "last": 0},
        {"first": 5, "before": "bogus"},
    ):
        status, errors = await gql_errors(client, MEMBERS, variables, merchant.access_token)
        assert status == 200
        assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_api_key_needs_the_right_scope(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    reader = await create_api_key(client, merchant, ["MEMBERS_READ"])

    listed = await gql(client, MEMBERS, {"first": 5}, reader)
    _status, errors = await gql_errors(
        client, 'mutation { upsertMember(input: {externalId: "x"}) { created } }', token=reader
    )

    assert listed["members"]["nodes"] == []
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert await count_in_tenant(Member, merchant.tenant_id) == 0
