"""What operators see: Prometheus counters at /metrics and JSON access logs without secrets."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.core.logs import DATA_LOGGERS, JsonFormatter, configure_logging
from tests.api.graphql import gql
from tests.api.operations.members import new_member
from tests.api.operations.points import award
from tests.api.operations.tenancy import LOGIN, PASSWORD, sign_up


async def _samples(
    client: httpx.AsyncClient,
) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


async def test_metrics_move_with_requests_and_points(client: httpx.AsyncClient) -> None:
    # given a merchant and a member, and the counters before
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    before = await _samples(client)

    # when points are awarded three times, one request is malformed and one has a forged token
    for _ in range(3):
        await award(client, merchant.access_token, ann, 25)
    await client.post("/graphql", json={"query": "{ nope"})
    forged = await client.post(
        "/graphql",
        json={"query": "{ viewer { kind } }"},
        headers={"authorization": "Bearer not-a-token"},
    )
    after = await _samples(client)

    # then the request, ledger and pool figures show it
    def moved(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert moved("pointsmall_graphql_requests_total", operation="awardPoints", outcome="ok") == 3
    assert moved("pointsmall_graphql_request_seconds_count", operation="awardPoints") == 3
    assert moved("pointsmall_graphql_requests_total", operation="-", outcome="error") == 1
    assert forged.status_code == 401
    assert moved("pointsmall_graphql_requests_total", operation="viewer", outcome="rejected") == 1
    assert moved("pointsmall_ledger_journals_total", reason="AWARD") == 3
    assert moved("pointsmall_ledger_points_total", reason="AWARD") == 75
    assert after[("pointsmall_db_pool_size", ())] >= 1


async def test_request_logs_hold_no_secret(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    # given a merchant owner, and logging as `pointsmall serve` sets it up, at DEBUG
    merchant = await sign_up(client)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    configure_logging("DEBUG")
    root.addHandler(caplog.handler)
    caplog.handler.setLevel(logging.DEBUG)

    # when they log in, and someone tries their email with a wrong password
    try:
        good = await gql(client, LOGIN, {"input": {"email": merchant.email, "password": PASSWORD}})
        wrong = {"email": merchant.email, "password": "Wr0ng-guess-123"}
        bad = await gql(client, LOGIN, {"input": wrong})
    finally:
        root.handlers[:], root.level = handlers, level
        for name in DATA_LOGGERS:
            logging.getLogger(name).setLevel(logging.NOTSET)

    # then one JSON access line each, naming the operation, and nothing secret anywhere
    lines = [json.loads(JsonFormatter().format(record)) for record in caplog.records]
    access = [line for line in lines if line["logger"] == "pointsmall.access"]
    assert [(line["operation"], line["principal"], line["status"]) for line in access] == [
        ("login", "anonymous", 200),
        ("login", "anonymous", 200),
    ]
    assert bad["login"]["userErrors"]
    text = "\n".join(json.dumps(line) for line in lines)
    session = good["login"]["session"]
    for secret in (
        PASSWORD,
        "Wr0ng-guess-123",
        merchant.email,
        session["accessToken"],
        session["refreshToken"],
    ):
        assert secret not in text
