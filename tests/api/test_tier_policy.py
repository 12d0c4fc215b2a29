"""Reading the tier policy: staff of the merchant see its own, nobody else does."""

from __future__ import annotations

import httpx

from tests.api.graphql import gql
from tests.api.operations.members import member_token, new_member
from tests.api.operations.tenancy import sign_up

POLICY = "{ tierPolicy { basis window months graceDays } }"
UPDATE = """mutation($i: TierPolicyInput!) { updateTierPolicy(input: $i) {
  policy { basis } userErrors { code } } }"""


async def test_staff_read_the_tier_policy_they_set_and_only_their_own(
    client: httpx.AsyncClient,
) -> None:
    # given two merchants, one of which counts money spent over the calendar year
    acme, beta = await sign_up(client), await sign_up(client)
    values = {"basis": "FIAT_SPENT", "window": "CALENDAR_YEAR", "months": 12, "graceDays": 7}
    assert (await gql(client, UPDATE, {"i": values}, acme.access_token))["updateTierPolicy"][
        "userErrors"
    ] == []

    # then each reads its own
    assert (await gql(client, POLICY, token=acme.access_token))["tierPolicy"] == values
    assert (await gql(client, POLICY, token=beta.access_token))["tierPolicy"] == {
        "basis": "POINTS_EARNED",
        "window": "ROLLING_MONTHS",
        "months": 12,
        "graceDays": 30,
    }

    # and a member token or an anonymous caller gets no answer
    ann = await new_member(client, acme.access_token, "ann")
    token = await member_token(client, acme.access_token, ann)
    as_member = await client.post(
        "/graphql", json={"query": POLICY}, headers={"authorization": f"Bearer {token}"}
    )
    anonymous = await client.post("/graphql", json={"query": POLICY})
    assert as_member.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
