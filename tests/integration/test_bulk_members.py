"""Member imports and segment actions as a merchant runs them through the API, applied by the
worker's job (`run_job`, twice at once where a presumed-dead worker would overlap a new one):
every row once, each bad row named, the ledger clean."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx

from app.bulk import service as bulk
from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.analytics import AT_RISK, owner_sql
from tests.api.operations.members import new_member
from tests.api.operations.points import award, wallet
from tests.api.operations.tenancy import Merchant, sign_up
from tests.ledger_check import assert_ledger_ok

IMPORT = """mutation($i: ImportMembersInput!) { importMembers(input: $i) {
  job { id kind total dryRun } userErrors { field code message } } }"""
SEGMENT = """mutation($i: StartSegmentActionInput!) { startSegmentAction(input: $i) {
  job { id kind total dryRun } userErrors { field code message } } }"""
JOB = """query($id: ID!) { bulkJob(id: $id) { status total succeeded failed
  errors(first: 20) { nodes { row externalId message } } failedRowsCsv } }"""
MEMBERS = """query { members(first: 50) { nodes { id externalId displayName email phone
  phoneVerified wallet { available } tier { tier { name } } } } }"""
REWARD = """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } userErrors { code } } }"""
RULE = """mutation($i: CreateEarnRuleInput!) { createEarnRule(input: $i) {
  rule { id } userErrors { code } } }"""
BLOCK = """mutation($i: MemberStatusInput!) { blockMember(input: $i) { userErrors { code } } }"""

LATER = (datetime.now(UTC) + timedelta(days=90)).replace(microsecond=0)
MUCH_LATER = (datetime.now(UTC) + timedelta(days=400)).replace(microsecond=0)


async def _started(
    client: httpx.AsyncClient, document: str, values: dict[str, Any], token: str
) -> dict[str, Any]:
    field = "importMembers" if "importMembers" in document else "startSegmentAction"
    payload: dict[str, Any] = (await gql(client, document, {"i": values}, token))[field]
    return payload


async def _run_twice_at_once(merchant: Merchant, job_id: str) -> None:
    """Two workers on the job at once (one presumed dead, still running)."""
    tenant = UUID(merchant.tenant_id)
    await asyncio.gather(*(bulk.run_job(tenant, UUID(job_id)) for _ in range(2)))


async def _job(client: httpx.AsyncClient, merchant: Merchant, job_id: str) -> dict[str, Any]:
    job: dict[str, Any] = (await gql(client, JOB, {"id": job_id}, merchant.access_token))["bulkJob"]
    return job


async def _members(client: httpx.AsyncClient, merchant: Merchant) -> dict[str, dict[str, Any]]:
    nodes = (await gql(client, MEMBERS, token=merchant.access_token))["members"]["nodes"]
    return {node["externalId"]: node for node in nodes}


async def test_an_import_brings_profiles_opening_lots_and_tiers_and_names_each_bad_row(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a merchant paying a 100-point sign-up bonus, with one member already
    merchant = await sign_up(client)
    owner = merchant.access_token
    signup = {"occasion": {"kind": "SIGNUP", "name": "Welcome", "points": 100}}
    assert (await gql(client, RULE, {"i": signup}, owner))["createEarnRule"]["userErrors"] == []
    await new_member(client, owner, "old-1")
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    csv = (
        "externalId,displayName,phone,email,birthday,tier,tierUntil,points,expiresAt\n"
        f"old-1,Ann Lee,+8613900000001,ann@example.com,1990-05-17,金卡,{MUCH_LATER.isoformat()},"
        f"500,{LATER.isoformat()}\n"
        "old-1,,,,,,,300,\n"
        "new-2,Bo,,,,,,,\n"
        "new-3,Cy,,,,Platinum,,,\n"
        "new-4,Di,,not-an-email,,,,,\n"
        f"new-5,Ed,,,,,,100,{past}\n"
        "new-6,Fa,,,,,,ten,\n"
    )

    # when it imports a CSV from its old system, and the worker runs it twice at once
    started = await _started(client, IMPORT, {"csv": csv, "idempotencyKey": "imp-1"}, owner)
    job_id = started["job"]["id"]
    await _run_twice_at_once(merchant, job_id)
    job = await _job(client, merchant, job_id)
    members = await _members(client, merchant)

    # then every good row applied once, each bad one named, and no sign-up bonus paid
    assert started["userErrors"] == []
    assert started["job"]["kind"] == "IMPORT_MEMBERS"
    assert (job["status"], job["total"], job["succeeded"], job["failed"]) == (
        "SUCCEEDED", 7, 3, 4,
    )  # fmt: skip
    errors = {node["row"]: (node["externalId"], node["message"]) for node in job["errors"]["nodes"]}
    assert errors[4] == ("new-3", "No tier named 'Platinum' (tiers: 普通, 金卡, 钻石, 银卡).")
    assert errors[5] == ("new-4", "Not a valid email address.")
    assert errors[6] == ("new-5", "expiresAt must be in the future.")
    assert errors[7] == ("new-6", "points must be a whole number of points.")
    assert job["failedRowsCsv"].splitlines()[1].startswith("4,new-3,Cy,,,,Platinum,")
    ann = members["old-1"]
    assert (ann["displayName"], ann["email"], ann["phone"], ann["phoneVerified"]) == (
        "Ann Lee", "ann@example.com", "+8613900000001", False,
    )  # fmt: skip
    assert ann["wallet"]["available"] == 100 + 500 + 300  # her own sign-up bonus, then the lots
    assert ann["tier"]["tier"]["name"] == "金卡"
    assert members["new-2"]["wallet"]["available"] == 0
    assert members["new-2"]["tier"]["tier"]["name"] == "普通"
    assert set(members) == {"old-1", "new-2"}
    lots = (await wallet(client, owner, ann["id"]))["lots"]["nodes"]
    expiries = {lot["amount"]: lot["expiresAt"] for lot in lots}
    assert sorted(expiries) == [100, 300, 500]
    assert datetime.fromisoformat(expiries[500]) == LATER
    await assert_ledger_ok(settings)


async def test_an_import_dry_run_writes_nothing_and_the_list_form_takes_several_lots(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    member = {
        "externalId": "list-1",
        "displayName": "Gu",
        "tier": "银卡",
        "lots": [{"points": 200, "expiresAt": LATER.isoformat()}, {"points": 50}],
    }
    values = {"members": [member], "idempotencyKey": "dry", "dryRun": True}
    dry = await _started(client, IMPORT, values, owner)
    await _run_twice_at_once(merchant, dry["job"]["id"])
    after_dry = await _members(client, merchant)
    real = await _started(
        client, IMPORT, values | {"dryRun": False, "idempotencyKey": "real"}, owner
    )
    await _run_twice_at_once(merchant, real["job"]["id"])
    after = await _members(client, merchant)

    assert (await _job(client, merchant, dry["job"]["id"]))["succeeded"] == 1
    assert after_dry == {}
    assert after["list-1"]["wallet"]["available"] == 250
    assert after["list-1"]["tier"]["tier"]["name"] == "银卡"
    history = await owner_sql(
        settings,
        "SELECT count(*) FROM tier_change WHERE member_id = $1",
        UUID(after["list-1"]["id"]),
    )
    assert history == 1  # placed once, though two workers ran the row
    await assert_ledger_ok(settings)


async def _inactive(settings: Settings, merchant: Merchant, days: int) -> None:
    """Every wallet of the merchant last active `days` ago (a hand edit, so the tenant's
    rollups are rebuilt after it)."""
    await owner_sql(
        settings,
        "UPDATE account SET last_activity_at = now() - make_interval(days => $2)"
        " WHERE tenant_id = $1 AND kind = 'MEMBER_WALLET'",
        UUID(merchant.tenant_id),
        days,
    )
    await owner_sql(settings, "SELECT analytics_rollup_rebuild($1)", UUID(merchant.tenant_id))


async def test_an_at_risk_segment_gets_points_once_each_blocked_members_left_out(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given five members holding points, quiet for 60 days, one of them blocked, one recent
    merchant = await sign_up(client)
    owner = merchant.access_token
    ids = {name: await new_member(client, owner, name) for name in ("a", "b", "c", "d", "e")}
    for name, member in ids.items():
        await award(client, owner, member, 100 if name != "d" else 5)
    await _inactive(settings, merchant, 60)
    blocked = {"memberId": ids["c"]}
    assert (await gql(client, BLOCK, {"i": blocked}, owner))["blockMember"]["userErrors"] == []
    await award(client, owner, ids["e"], 1)  # active again
    listed = await gql(client, AT_RISK, {"days": 30, "min": 10, "first": 100}, owner)
    at_risk = {node["externalId"] for node in listed["atRiskMembers"]["page"]["nodes"]}

    # when the merchant sends 50 points to atRiskMembers(30 days, 10 points or more)
    action = {
        "awardPoints": {"amount": 50, "reason": "We miss you", "expiresAt": LATER.isoformat()}
    }
    segment = {"atRisk": {"inactiveDays": 30, "minBalance": 10}}
    values = {"segment": segment, "action": action, "idempotencyKey": "win-back"}
    started = await _started(client, SEGMENT, values, owner)
    retried = await _started(client, SEGMENT, values, owner)
    await _run_twice_at_once(merchant, started["job"]["id"])
    job = await _job(client, merchant, started["job"]["id"])
    members = await _members(client, merchant)

    # then the active members the at-risk list shows got 50 each, exactly once
    assert at_risk == {"a", "b", "c"}
    assert started["userErrors"] == []
    assert retried["job"]["id"] == started["job"]["id"]
    assert (started["job"]["kind"], started["job"]["total"]) == ("SEGMENT_POINTS", 2)
    assert (job["status"], job["succeeded"], job["failed"]) == ("SUCCEEDED", 2, 0)
    balances = {name: members[name]["wallet"]["available"] for name in ids}
    assert balances == {"a": 150, "b": 150, "c": 100, "d": 5, "e": 101}
    await assert_ledger_ok(settings)


async def test_a_reward_to_a_filtered_segment_runs_out_of_stock_visibly(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given five members with 0-400 points and a gift with 2 left
    merchant = await sign_up(client)
    owner = merchant.access_token
    ids = [await new_member(client, owner, f"m{n}") for n in range(5)]
    for n, member in enumerate(ids):
        if n:
            await award(client, owner, member, n * 100)
    gift = {"name": "Mug", "type": "PHYSICAL", "pricePoints": 900, "stock": 2}
    created = await gql(client, REWARD, {"i": gift}, owner)
    reward_id = created["createReward"]["reward"]["id"]

    # when the merchant gives the mug to members holding 100-300 points, first as a dry run
    segment = {"filter": {"minBalance": 100, "maxBalance": 300}}
    action = {"grantReward": {"rewardId": reward_id, "reason": "Thank you"}}
    values = {"segment": segment, "action": action, "dryRun": True, "idempotencyKey": "g-dry"}
    dry = await _started(client, SEGMENT, values, owner)
    await _run_twice_at_once(merchant, dry["job"]["id"])
    real = await _started(
        client, SEGMENT, values | {"dryRun": False, "idempotencyKey": "g-real"}, owner
    )
    await _run_twice_at_once(merchant, real["job"]["id"])
    dry_job = await _job(client, merchant, dry["job"]["id"])
    real_job = await _job(client, merchant, real["job"]["id"])

    # then the dry run foretold it: two mugs, the third member named out of stock; no mug twice
    assert (dry["job"]["total"], real["job"]["kind"]) == (3, "SEGMENT_REWARD")
    for job in (dry_job, real_job):
        assert (job["succeeded"], job["failed"]) == (2, 1)
        assert [node["externalId"] for node in job["errors"]["nodes"]] == ["m3"]
        assert "out of stock" in job["errors"]["nodes"][0]["message"]
    orders = await owner_sql(
        settings,
        "SELECT count(*) FROM redemption_order WHERE tenant_id = $1 AND points = 0",
        UUID(merchant.tenant_id),
    )
    stock = await owner_sql(
        settings, "SELECT stock_available FROM reward WHERE id = $1", UUID(reward_id)
    )
    assert (orders, stock) == (2, 0)
    await assert_ledger_ok(settings)


async def test_a_segment_action_refuses_what_it_cannot_do_and_queues_nothing(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    other = await sign_up(client)
    owner = merchant.access_token
    await new_member(client, owner, "only")
    theirs = await gql(
        client,
        REWARD,
        {"i": {"name": "Pen", "type": "PHYSICAL", "pricePoints": 10, "stock": 1}},
        other.access_token,
    )
    points = {"awardPoints": {"amount": 5, "reason": "Hi"}}
    cases = [
        ({"filter": {"externalIds": ["nobody"]}}, points, "SEGMENT_EMPTY"),
        ({"filter": {}, "atRisk": {"inactiveDays": 30}}, points, "INVALID_INPUT"),
        ({"atRisk": {"inactiveDays": 0}}, points, "INVALID_INPUT"),
        ({"filter": {}}, {"awardPoints": {"amount": 5, "reason": " "}}, "INVALID_INPUT"),
        (
            {"filter": {}},
            {"awardPoints": {"amount": 5, "reason": "Hi", "expiresAt": "2020-01-01T00:00:00Z"}},
            "INVALID_INPUT",
        ),
        (
            {"filter": {}},
            {"grantReward": {"rewardId": theirs["createReward"]["reward"]["id"], "reason": "Hi"}},
            "REWARD_NOT_FOUND",
        ),
        ({"filter": {}}, {}, "INVALID_INPUT"),
    ]
    for n, (segment, action, code) in enumerate(cases):
        values = {"segment": segment, "action": action, "idempotencyKey": f"bad-{n}"}
        refused = await _started(client, SEGMENT, values, owner)
        assert (refused["job"], refused["userErrors"][0]["code"]) == (None, code), segment
    jobs = await owner_sql(
        settings, "SELECT count(*) FROM bulk_job WHERE tenant_id = $1", UUID(merchant.tenant_id)
    )
    assert jobs == 0
