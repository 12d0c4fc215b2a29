"""Programme templates: one merchant's programme exported and imported into another (or used at
sign-up) earns the same on the same basket; a document that does not apply changes nothing."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.api.graphql import gql
from tests.api.operations.earning import CAMPAIGN, PREVIEW
from tests.api.operations.members import new_member
from tests.api.operations.tenancy import SIGN_UP, Merchant, sign_up, sign_up_input

RULE = (
    """mutation($i: CreateEarnRuleInput!) { createEarnRule(input: $i) { userErrors { code } } }"""
)
SETTINGS = """mutation($i: UpdateEarningSettingsInput!) { updateEarningSettings(input: $i) {
  userErrors { code } } }"""
REWARD = """mutation($i: RewardInput!) { createReward(input: $i) { userErrors { code } } }"""
EXPORT = "{ exportProgram }"
IMPORT = """mutation($i: ImportProgramInput!) { importProgram(input: $i) {
  changes { section name action } applied userErrors { field code message } } }"""
REWARDS = "{ rewards(first: 10) { nodes { name status stockAvailable } } }"
BASKET = [
    {"sku": "latte", "category": "coffee", "unitPrice": 3_000, "quantity": 2},
    {"sku": "mug", "category": "goods", "unitPrice": 4_000, "quantity": 1},
]  # fmt: skip


async def _configured(client: httpx.AsyncClient) -> Merchant:
    """A merchant whose programme differs from the defaults everywhere a basket can tell."""
    merchant = await sign_up(client)
    owner = merchant.access_token
    coffee = {"purchase": {"name": "Coffee lovers", "pointsPerUnit": "2",
                           "categoryMultipliers": {"coffee": "3"}}}  # fmt: skip
    daily = {"occasion": {"kind": "CHECK_IN", "name": "Daily", "schedule": [5, 10]}}
    for rule in (coffee, daily):
        assert (await gql(client, RULE, {"i": rule}, owner))["createEarnRule"]["userErrors"] == []
    values = {"returnWindowDays": 0, "stacking": "ADD", "purchaseRules": "ALL"}
    assert (await gql(client, SETTINGS, {"i": values}, owner))["updateEarningSettings"][
        "userErrors"
    ] == []
    now = datetime.now(UTC)
    bonus = {"name": "Weekend bonus", "kind": "BONUS", "bonusPoints": 30,
             "startsAt": (now - timedelta(days=1)).isoformat(),
             "endsAt": (now + timedelta(days=30)).isoformat()}  # fmt: skip
    made = await gql(client, CAMPAIGN, {"input": {"campaign": bonus}}, owner)
    assert made["createCampaign"]["userErrors"] == []
    mug = {"name": "Mug", "type": "PHYSICAL", "pricePoints": 900, "stock": 40}
    assert (await gql(client, REWARD, {"i": mug}, owner))["createReward"]["userErrors"] == []
    return merchant


async def _preview(client: httpx.AsyncClient, merchant: Merchant) -> tuple[int, list[Any]]:
    member = await new_member(client, merchant.access_token, f"m-{secrets.token_hex(3)}")
    values = {"orderId": "basket", "memberId": member,
              "amount": {"amount": 10_000, "currency": "CNY"}, "items": BASKET}  # fmt: skip
    answer = (await gql(client, PREVIEW, {"input": values}, merchant.access_token))["previewEarn"]
    assert answer["userErrors"] == []
    return answer["total"], [
        (line["source"], line["label"], line["points"]) for line in answer["lines"]
    ]


async def test_an_imported_programme_earns_the_same_on_the_same_basket(
    client: httpx.AsyncClient,
) -> None:
    # given a configured merchant and a new one with the defaults
    source = await _configured(client)
    target = await sign_up(client)
    document = (await gql(client, EXPORT, token=source.access_token))["exportProgram"]
    before = await _preview(client, target)

    # when the new one looks at what importing would change, then imports
    dry = (await gql(client, IMPORT, {"i": {"document": document, "dryRun": True}},
                     target.access_token))["importProgram"]  # fmt: skip
    unchanged = await _preview(client, target)
    done = (await gql(client, IMPORT, {"i": {"document": document}}, target.access_token))[
        "importProgram"
    ]

    # then the dry run listed the changes and changed nothing; the import earns as the source
    assert (dry["applied"], dry["userErrors"]) == (False, [])
    changes = {(c["section"], c["name"]): c["action"] for c in dry["changes"]}
    assert changes[("earnRules", "Coffee lovers")] == "CREATE"
    assert changes[("earnRules", "Daily")] == "CREATE"
    assert changes[("campaigns", "Weekend bonus")] == "CREATE"
    assert changes[("rewards", "Mug")] == "CREATE"
    assert changes[("tiers", "金卡")] == "UPDATE"
    assert unchanged == before
    assert (done["applied"], done["userErrors"]) == (True, [])
    assert done["changes"] == dry["changes"]
    assert await _preview(client, target) == await _preview(client, source)
    assert (await _preview(client, target))[0] != before[0]
    # and the catalog came over as a draft without stock, for the merchant to stock
    nodes = (await gql(client, REWARDS, token=target.access_token))["rewards"]["nodes"]
    assert nodes == [{"name": "Mug", "status": "DRAFT", "stockAvailable": 0}]
    # and importing again changes nothing further: the same previews, updates only
    again = (await gql(client, IMPORT, {"i": {"document": document}}, target.access_token))[
        "importProgram"
    ]
    assert {c["action"] for c in again["changes"]} <= {"UPDATE", "KEEP"}
    assert await _preview(client, target) == await _preview(client, source)


async def test_a_sign_up_starts_from_a_template_and_a_bad_document_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    source = await _configured(client)
    document = (await gql(client, EXPORT, token=source.access_token))["exportProgram"]

    # a sign-up that starts from the document earns as the source at once
    signup = await gql(client, SIGN_UP, {"input": sign_up_input(program=document)})
    assert signup["signUpMerchant"]["userErrors"] == []
    token = signup["signUpMerchant"]["session"]["accessToken"]
    started = Merchant("", "", token, "", "")
    assert await _preview(client, started) == await _preview(client, source)

    # a document with a broken check-in schedule, or of another version, changes nothing
    broken = {**document, "earnRules": [
        {**rule, "config": {**rule["config"], "schedule": []}} if rule["kind"] == "CHECK_IN"
        else rule
        for rule in document["earnRules"]
    ]}  # fmt: skip
    target = await sign_up(client)
    before = await _preview(client, target)
    refused = [
        (await gql(client, IMPORT, {"i": {"document": doc}}, target.access_token))["importProgram"]
        for doc in (broken, {**document, "version": 2}, "not a document")
    ]
    failed_signup = await gql(client, SIGN_UP, {"input": sign_up_input(program=broken)})

    position = next(n for n, r in enumerate(document["earnRules"]) if r["kind"] == "CHECK_IN")
    assert [(e["field"], e["code"]) for r in refused for e in r["userErrors"]] == [
        (f"earnRules[{position}].schedule", "INVALID_DOCUMENT"),
        ("document", "UNSUPPORTED_VERSION"),
        ("document", "INVALID_DOCUMENT"),
    ]
    assert [r["applied"] for r in refused] == [False, False, False]
    assert await _preview(client, target) == before
    assert [(e["field"], e["code"]) for e in failed_signup["signUpMerchant"]["userErrors"]] == [
        (f"program.earnRules[{position}].schedule", "INVALID_INPUT")
    ]
