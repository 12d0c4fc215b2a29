"""Sessions (refresh rotation, reuse detection, logout) and staff management."""

from __future__ import annotations

import asyncio
import statistics
import time

import httpx

from tenants.models import Tenant
from tenants.passwords import use_password_profile
from tests.api.graphql import gql, gql_errors
from tests.api.operations.tenancy import (
    CREATE_STAFF,
    LOGIN,
    PASSWORD,
    REFRESH,
    SIGN_UP,
    VIEWER,
    sign_up,
    sign_up_input,
)

UPDATE_ROLE = """
mutation($input: UpdateStaffRoleInput!) {
  updateStaffRole(input: $input) { staffUser { role } userErrors { code } }
}"""
DEACTIVATE = """
mutation($input: DeactivateStaffUserInput!) {
  deactivateStaffUser(input: $input) { staffUser { isActive } userErrors { code } }
}"""
OWNER_ID = "query { viewer { staffUser { id } } }"


async def _refresh(client: httpx.AsyncClient, token: str) -> dict[str, object]:
    data = await gql(client, REFRESH, {"input": {"refreshToken": token}})
    payload: dict[str, object] = data["refreshSession"]
    return payload


async def _staff(client: httpx.AsyncClient, owner_token: str, email: str, role: str) -> str:
    data = await gql(
        client,
        CREATE_STAFF,
        {"input": {"email": email, "password": PASSWORD, "role": role}},
        owner_token,
    )
    assert data["createStaffUser"]["userErrors"] == []
    staff_id: str = data["createStaffUser"]["staffUser"]["id"]
    return staff_id


async def _login(client: httpx.AsyncClient, email: str) -> str:
    data = await gql(client, LOGIN, {"input": {"email": email, "password": PASSWORD}})
    token: str = data["login"]["session"]["accessToken"]
    return token


async def test_refresh_rotates_and_a_reused_token_ends_the_session(
    client: httpx.AsyncClient,
) -> None:
    # given
    merchant = await sign_up(client)
    first = await _refresh(client, merchant.refresh_token)
    assert first["userErrors"] == []
    rotated = first["session"]
    assert isinstance(rotated, dict)

    # when the first refresh token is presented again (it leaked)
    reused = await _refresh(client, merchant.refresh_token)

    # then the reuse is refused and every token of the family stops working
    assert reused["userErrors"] == [
        {
            "field": None,
            "code": "INVALID_REFRESH_TOKEN",
            "message": "Refresh token is invalid, used or expired.",
        }
    ]
    after = await _refresh(client, rotated["refreshToken"])
    assert after["session"] is None
    status, errors = await gql_errors(client, VIEWER, token=rotated["accessToken"])
    assert status == 401
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_concurrent_refreshes_of_one_token_let_at_most_one_through(
    client: httpx.AsyncClient,
) -> None:
    merchant = await sign_up(client)

    results = await asyncio.gather(*(_refresh(client, merchant.refresh_token) for _ in range(5)))

    winners = [r for r in results if r["session"] is not None]
    assert len(winners) <= 1
    assert all(r["userErrors"] for r in results if r["session"] is None)


async def test_malformed_refresh_tokens_are_refused(client: httpx.AsyncClient) -> None:
    for token in ("", "garbage", "pmr_x_y_z", "pmr_" + "0" * 32 + "_" + "0" * 32 + "_" + "a" * 64):
        payload = await _refresh(client, token)
        assert payload["session"] is None
        assert payload["userErrors"] == [
            {
                "field": None,
                "code": "INVALID_REFRESH_TOKEN",
                "message": "Refresh token is invalid, used or expired.",
            }
        ]


async def test_logout_ends_the_access_token(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)

    await gql(client, "mutation { logout { ok } }", token=merchant.access_token)

    status, _ = await gql_errors(client, VIEWER, token=merchant.access_token)
    assert status == 401
    refreshed = await _refresh(client, merchant.refresh_token)
    assert refreshed["session"] is None


async def test_wrong_password_and_unknown_email_look_the_same(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    wrong = await gql(
        client, LOGIN, {"input": {"email": merchant.email, "password": "Wrong-pass-123"}}
    )
    unknown = await gql(
        client, LOGIN, {"input": {"email": "nobody@example.com", "password": PASSWORD}}
    )
    assert wrong == {
        "login": {
            "session": None,
            "userErrors": [
                {
                    "field": None,
                    "code": "INVALID_CREDENTIALS",
                    "message": "Email or password is wrong.",
                }
            ],
        }
    }
    assert unknown == wrong


async def test_sign_up_refusals_leave_nothing_behind(client: httpx.AsyncClient) -> None:
    taken = await sign_up(client)
    before = await Tenant.all().count()
    cases = [
        (sign_up_input(slug=taken.slug), "SLUG_TAKEN", "slug"),
        (sign_up_input(ownerEmail=taken.email), "EMAIL_TAKEN", "ownerEmail"),
        (sign_up_input(ownerPassword="short"), "WEAK_PASSWORD", "ownerPassword"),
        (sign_up_input(ownerPassword="alllowercaseletters"), "WEAK_PASSWORD", "ownerPassword"),
        (sign_up_input(slug="Bad Slug!"), "INVALID_INPUT", "slug"),
        (sign_up_input(slug="admin"), "INVALID_INPUT", "slug"),
        (sign_up_input(ownerEmail="nope"), "INVALID_INPUT", "ownerEmail"),
        (sign_up_input(merchantName="  "), "INVALID_INPUT", "merchantName"),
        (
            sign_up_input(
                currency={
                    "code": "PLAT",
                    "name": "x",
                    "fiatCurrency": "CNY",
                    "pointsPerFiatUnit": 1,
                }
            ),
            "INVALID_CURRENCY",
            "currency.code",
        ),
        (
            sign_up_input(
                currency={
                    "code": "STAR",
                    "name": "x",
                    "fiatCurrency": "XXX",
                    "pointsPerFiatUnit": 1,
                }
            ),
            "INVALID_CURRENCY",
            "currency.fiatCurrency",
        ),
        (
            sign_up_input(
                currency={
                    "code": "STAR",
                    "name": "x",
                    "fiatCurrency": "CNY",
                    "pointsPerFiatUnit": 0,
                }
            ),
            "INVALID_RATIO",
            "currency.pointsPerFiatUnit",
        ),
        (
            sign_up_input(
                currency={
                    "code": "STAR",
                    "name": "x",
                    "fiatCurrency": "CNY",
                    "pointsPerFiatUnit": -100,
                }
            ),
            "INVALID_RATIO",
            "currency.pointsPerFiatUnit",
        ),
        (
            sign_up_input(
                currency={
                    "code": "STAR",
                    "name": "x",
                    "fiatCurrency": "CNY",
                    "pointsPerFiatUnit": 10**7,
                }
            ),
            "INVALID_RATIO",
            "currency.pointsPerFiatUnit",
        ),
    ]
    for values, code, field in cases:
        data = await gql(client, SIGN_UP, {"input": values})
        assert data["signUpMerchant"]["session"] is None
        assert [(e["code"], e["field"]) for e in data["signUpMerchant"]["userErrors"]] == [
            (code, field)
        ]
    assert await Tenant.all().count() == before


async def test_concurrent_sign_ups_with_one_slug_create_one_tenant(
    client: httpx.AsyncClient,
) -> None:
    slug = sign_up_input()["slug"]
    inputs = [sign_up_input(slug=slug) for _ in range(4)]

    results = await asyncio.gather(*(gql(client, SIGN_UP, {"input": values}) for values in inputs))

    codes = sorted(e["code"] for r in results for e in r["signUpMerchant"]["userErrors"])
    assert codes == ["SLUG_TAKEN"] * 3
    assert await Tenant.filter(slug=slug).count() == 1


async def test_roles_decide_who_manages_staff(client: httpx.AsyncClient) -> None:
    # given an owner, an admin and a viewer
    merchant = await sign_up(client)
    tag = merchant.slug
    admin_id = await _staff(client, merchant.access_token, f"admin@{tag}.example.com", "ADMIN")
    viewer_id = await _staff(client, merchant.access_token, f"viewer@{tag}.example.com", "VIEWER")
    admin = await _login(client, f"admin@{tag}.example.com")
    viewer = await _login(client, f"viewer@{tag}.example.com")
    owner_id = (await gql(client, OWNER_ID, token=merchant.access_token))["viewer"]["staffUser"][
        "id"
    ]

    # then an admin may not make owners nor touch the owner
    made = await gql(
        client,
        CREATE_STAFF,
        {"input": {"email": f"o2@{tag}.example.com", "password": PASSWORD, "role": "OWNER"}},
        admin,
    )
    assert made["createStaffUser"]["userErrors"][0]["code"] == "ROLE_NOT_ALLOWED"
    demote = await gql(
        client, UPDATE_ROLE, {"input": {"staffId": owner_id, "role": "VIEWER"}}, admin
    )
    assert demote["updateStaffRole"]["userErrors"][0]["code"] == "ROLE_NOT_ALLOWED"
    # a viewer may not manage staff at all
    status, errors = await gql_errors(
        client, UPDATE_ROLE, {"input": {"staffId": admin_id, "role": "VIEWER"}}, viewer
    )
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    # the last owner cannot demote or deactivate itself
    last = await gql(
        client,
        UPDATE_ROLE,
        {"input": {"staffId": owner_id, "role": "ADMIN"}},
        merchant.access_token,
    )
    assert last["updateStaffRole"]["userErrors"][0]["code"] == "LAST_OWNER"
    gone = await gql(client, DEACTIVATE, {"input": {"staffId": owner_id}}, merchant.access_token)
    assert gone["deactivateStaffUser"]["userErrors"][0]["code"] == "LAST_OWNER"
    # the admin deactivates the viewer, whose token stops working at once
    done = await gql(client, DEACTIVATE, {"input": {"staffId": viewer_id}}, admin)
    assert done["deactivateStaffUser"]["staffUser"]["isActive"] is False
    status, errors = await gql_errors(client, VIEWER, token=viewer)
    assert status == 401


async def test_role_changes_apply_to_the_next_request(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    email = f"staff@{merchant.slug}.example.com"
    staff_id = await _staff(client, merchant.access_token, email, "ADMIN")
    token = await _login(client, email)

    await gql(
        client,
        UPDATE_ROLE,
        {"input": {"staffId": staff_id, "role": "VIEWER"}},
        merchant.access_token,
    )

    viewer = await gql(client, VIEWER, token=token)
    assert viewer["viewer"]["role"] == "VIEWER"
    _, errors = await gql_errors(
        client, "query { staffUsers(first: 5) { nodes { id } } }", token=token
    )
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_staff_email_must_be_unique_on_the_platform(client: httpx.AsyncClient) -> None:
    one = await sign_up(client)
    two = await sign_up(client)
    data = await gql(
        client,
        CREATE_STAFF,
        {"input": {"email": one.email, "password": PASSWORD, "role": "STAFF"}},
        two.access_token,
    )
    assert data["createStaffUser"]["userErrors"][0]["code"] == "EMAIL_TAKEN"


async def test_twenty_concurrent_logins_do_not_stall_an_unrelated_query(
    client: httpx.AsyncClient,
) -> None:
    # given an owner whose password was hashed at production cost (~200 ms of CPU to verify)
    use_password_profile("RFC_9106_LOW_MEMORY")
    try:
        merchant = await sign_up(client)
        login = {"input": {"email": merchant.email, "password": PASSWORD}}
        started = time.perf_counter()
        await gql(client, LOGIN, login)
        one_login = time.perf_counter() - started

        # when twenty log in at once and, meanwhile, the owner reads who they are, again and
        # again until the last login is answered
        logins = [asyncio.create_task(gql(client, LOGIN, login)) for _ in range(20)]
        reads = []
        async with asyncio.timeout(60):
            while not all(task.done() for task in logins):
                started = time.perf_counter()
                await gql(client, VIEWER, token=merchant.access_token)
                reads.append(time.perf_counter() - started)
        answers = await asyncio.gather(*logins)
    finally:
        use_password_profile("CHEAPEST")

    # then every login succeeded; reads kept flowing while the hashes ran (19 in 20 of them under
    # one login), and none waited for the queue of twenty hashes. (With argon2 on the event loop
    # only a handful of reads ran at all, and one waited about twenty hashes: 2.4 s here.)
    assert all(a["login"]["session"] is not None for a in answers)
    assert len(reads) >= 20
    assert statistics.quantiles(reads, n=20)[-1] < one_login, (sorted(reads)[-5:], one_login)
    assert max(reads) < 8 * one_login, (sorted(reads)[-5:], one_login)
