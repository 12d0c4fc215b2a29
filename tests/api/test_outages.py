"""The database goes away under load (a failover or a restart looks like this): the API answers
503 SERVICE_UNAVAILABLE in the GraphQL shape with a request id, logs and counts each one, and no
point is lost or doubled once clients retry with their keys."""

from __future__ import annotations

import asyncio
import logging
import secrets

import asyncpg
import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.core.db import database_credentials
from app.core.metrics import REQUESTS
from app.core.settings import Settings
from schema.http.failures import FailInTheOpen
from tests.api.operations.members import new_member
from tests.api.operations.points import AWARD, WALLET
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

CLIENTS = 16
AWARDS_EACH = 12
KILLS = 3


async def _terminate_backends(settings: Settings) -> int:
    """Every other session on the test database, as an operator's pg_terminate_backend would."""
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        rows = await connection.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await connection.close()
    return len(rows)


def _unavailable() -> float:
    return sum(
        sample.value
        for metric in REQUESTS.collect()
        for sample in metric.samples
        if sample.name.endswith("_total") and sample.labels["outcome"] == "service_unavailable"
    )


async def test_backends_terminated_under_award_load_lose_and_double_nothing(
    client: httpx.AsyncClient, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # given a merchant, a member, and 16 clients awarding 1 point 12 times each, every award
    # under its own key and retried with that key until it gets an answer
    merchant = await sign_up(client)
    member = await new_member(client, merchant.access_token, "ann")
    headers = {"authorization": f"Bearer {merchant.access_token}"}
    failures: list[httpx.Response] = []
    unavailable_before = _unavailable()
    caplog.set_level(logging.INFO, logger="pointsmall.access")

    async def award_until_answered(key: str) -> None:
        body = {"query": AWARD, "variables": {"input": {
            "memberId": member, "amount": 1, "reason": "load", "idempotencyKey": key}}}  # fmt: skip
        for _ in range(20):
            answer = await client.post("/graphql", json=body, headers=headers)
            if answer.status_code == 200 and "errors" not in answer.json():
                assert answer.json()["data"]["awardPoints"]["userErrors"] == []
                return
            failures.append(answer)
            await asyncio.sleep(0.05)
        raise AssertionError(
            f"award {key} never answered: {failures[-1].status_code} {failures[-1].text}"
        )

    async def one_client() -> None:
        for _ in range(AWARDS_EACH):
            await award_until_answered(secrets.token_hex(8))

    async def killer() -> int:
        killed = 0
        for _ in range(KILLS):
            await asyncio.sleep(0.3)
            killed += await _terminate_backends(settings)
        return killed

    # when the API's backends are terminated three times while they run
    *_, killed = await asyncio.gather(*(one_client() for _ in range(CLIENTS)), killer())

    # then every award applied exactly once: 16 x 12 points, no more, no less (read as a client
    # reads after an outage: a pooled connection killed a moment ago may answer 503 once more)
    assert killed is not None
    assert killed > 0
    read = {"query": WALLET, "variables": {"id": member}}
    for _ in range(5):
        answer = await client.post("/graphql", json=read, headers=headers)
        if answer.status_code != 503:
            break
        failures.append(answer)
    posted = answer.json()["data"]["member"]["wallet"]["posted"]
    assert posted == CLIENTS * AWARDS_EACH
    # and every failure on the way was a GraphQL-shaped 503 with a request id, logged, counted
    for failure in failures:
        error = failure.json()["errors"][0]
        assert failure.status_code == 503, failure.text
        assert failure.headers["retry-after"] == "1"
        assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        assert error["extensions"]["requestId"] == failure.headers["x-request-id"]
    logged = {
        record.__dict__["fields"]["request_id"]
        for record in caplog.records
        if record.name == "pointsmall.access" and record.__dict__["fields"]["status"] == 503
    }
    assert {failure.headers["x-request-id"] for failure in failures} <= logged
    assert _unavailable() - unavailable_before == len(failures)
    await assert_ledger_ok(settings)


async def test_a_lost_database_on_any_route_is_a_graphql_shaped_503() -> None:
    async def lost(_: Request) -> Response:
        raise asyncpg.ConnectionDoesNotExistError(
            "connection was closed in the middle of operation"
        )

    app = Starlette(routes=[Route("/portal/session/login", lost, methods=["POST"])],
                    middleware=[Middleware(FailInTheOpen)])  # fmt: skip
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as http:
        answer = await http.post("/portal/session/login", json={})
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "1"
    assert answer.json()["errors"][0]["extensions"] == {
        "code": "SERVICE_UNAVAILABLE",
        "requestId": answer.headers["x-request-id"],
    }


async def test_a_bug_on_any_route_is_a_graphql_shaped_500_logged_with_its_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(_: Request) -> Response:
        raise ValueError("a bug")

    caplog.set_level(logging.INFO, logger="pointsmall.access")
    app = Starlette(routes=[Route("/broken", broken)], middleware=[Middleware(FailInTheOpen)])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as http:
        answer = await http.get("/broken", headers={"x-request-id": "trace-7"})
    assert answer.status_code == 500
    assert answer.headers["x-request-id"] == "trace-7"
    assert answer.json() == {
        "errors": [
            {
                "message": "Internal server error.",
                "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": "trace-7"},
            }
        ]
    }
    assert "a bug" not in answer.text
    logged = [r for r in caplog.records if r.name == "pointsmall.http"]
    assert logged[0].exc_info is not None
    assert "trace-7" in logged[0].getMessage()
    access = [r for r in caplog.records if r.name == "pointsmall.access"]
    assert access[0].__dict__["fields"]["operation"] == "http:broken"
    assert access[0].__dict__["fields"]["status"] == 500
