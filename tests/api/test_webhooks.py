"""Webhooks against a real HTTP receiver on 127.0.0.1 that fails, times out and recovers."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest

from app.core.clock import utcnow
from app.webhooks.delivery import MAX_ATTEMPTS, backoff, deliver_due
from tests.api.graphql import gql
from tests.api.operations.members import new_member
from tests.api.operations.points import award, deduct
from tests.api.operations.tenancy import sign_up

CREATE = """mutation($i: WebhookEndpointInput!) { createWebhookEndpoint(input: $i) {
  endpoint { id status } secret userErrors { field code } } }"""
ROTATE = """mutation($i: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $i) {
  secret endpoint { previousSecretUntil } } }"""
DELIVERIES = """query($f: WebhookDeliveryFilter) { webhookDeliveries(first: 50, filter: $f) {
  nodes { id eventId status attempts lastStatusCode lastError } } }"""
REPLAY = """mutation($i: ReplayWebhookDeliveryInput!) { replayWebhookDelivery(input: $i) {
  delivery { status } userErrors { code } } }"""
WAIT = 0.3


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """An HTTP server that answers each path by a script: "500", "slow" (no answer in time)
    or, once the script runs out, 200."""

    port: int = 0
    scripts: dict[str, list[str]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def on(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        request_line, *lines = head.strip().split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        path = request_line.split()[1]
        self.received.append(Received(path, headers, body))
        step = self.scripts.get(path, []).pop(0) if self.scripts.get(path) else "200"
        if step == "slow":
            await asyncio.sleep(WAIT * 4)
        status = "500 Internal Server Error" if step == "500" else "200 OK"
        writer.write(
            f"HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        writer.close()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    listening = Receiver()
    server = await asyncio.start_server(listening.handle, "127.0.0.1", 0)
    listening.port = server.sockets[0].getsockname()[1]
    async with server:
        yield listening
        server.close()


def verifies(secret: str, received: Received) -> list[bool]:
    """Each signature in the header, checked the way a receiver would (Standard Webhooks)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{received.headers['webhook-id']}.{received.headers['webhook-timestamp']}."
    expected = base64.b64encode(
        hmac.new(key, signed.encode() + received.body, hashlib.sha256).digest()
    ).decode()
    return [
        hmac.compare_digest(sig.removeprefix("v1,"), expected)
        for sig in received.headers["webhook-signature"].split()
    ]


async def _endpoint(
    client: httpx.AsyncClient, token: str, url: str, events: list[str]
) -> dict[str, Any]:
    payload: dict[str, Any] = (
        await gql(client, CREATE, {"i": {"url": url, "eventTypes": events}}, token)
    )["createWebhookEndpoint"]
    assert payload["userErrors"] == []
    return payload


async def test_a_delivery_fails_times_out_then_arrives_signed(
    client: httpx.AsyncClient, receiver: Receiver
) -> None:
    # given an endpoint for points.earned whose receiver first errs, then hangs
    merchant = await sign_up(client)
    owner = merchant.access_token
    tenant = UUID(merchant.tenant_id)
    hook = await _endpoint(client, owner, receiver.url("/earned"), ["points.earned"])
    receiver.scripts["/earned"] = ["500", "slow"]
    ann = await new_member(client, owner, "ann")

    # when points are awarded and deducted, and deliveries run at 0 s, +31 s and +92 s
    await award(client, owner, ann, 70)
    await deduct(client, owner, ann, 5)
    start = utcnow()
    await deliver_due(tenant, start, WAIT)
    await deliver_due(tenant, start + timedelta(seconds=31), WAIT)
    early = await deliver_due(tenant, start + timedelta(seconds=60), WAIT)
    await deliver_due(tenant, start + timedelta(seconds=92), WAIT)

    # then three attempts reached it, the last one answered, all signed and alike
    attempts = receiver.on("/earned")
    assert early == 0
    assert len(attempts) == 3
    assert len({a.headers["webhook-id"] for a in attempts}) == 1
    assert all(verifies(hook["secret"], a) == [True] for a in attempts)
    event = json.loads(attempts[-1].body)
    assert event["type"] == "points.earned"
    assert (event["data"]["member_id"], event["data"]["amount"]) == (ann, 70)
    [delivery] = (await gql(client, DELIVERIES, token=owner))["webhookDeliveries"]["nodes"]
    assert (delivery["status"], delivery["attempts"], delivery["lastStatusCode"]) == (
        "SUCCEEDED",
        3,
        200,
    )

    # and a replay sends the same event again, signed with both secrets after a rotation
    rotated = await gql(client, ROTATE, {"i": {"endpointId": hook["endpoint"]["id"]}}, owner)
    replay = await gql(client, REPLAY, {"i": {"deliveryId": delivery["id"]}}, owner)
    await deliver_due(tenant, None, WAIT)
    again = receiver.on("/earned")[-1]
    new_secret = rotated["rotateWebhookSecret"]["secret"]
    assert replay["replayWebhookDelivery"]["userErrors"] == []
    assert again.headers["webhook-id"] == attempts[0].headers["webhook-id"]
    assert verifies(new_secret, again) == [True, False]
    assert verifies(hook["secret"], again) == [False, True]


async def test_a_dead_endpoint_is_dead_lettered_then_disabled_and_others_told(
    client: httpx.AsyncClient, receiver: Receiver
) -> None:
    # given one endpoint that always fails and one that listens for everything
    merchant = await sign_up(client)
    owner = merchant.access_token
    tenant = UUID(merchant.tenant_id)
    await _endpoint(client, owner, receiver.url("/broken"), ["points.earned"])
    await _endpoint(client, owner, receiver.url("/ops"), ["webhook_endpoint.disabled"])
    receiver.scripts["/broken"] = ["500"] * 100
    ann = await new_member(client, owner, "ann")

    # when an award's delivery fails ten times, and a later one still fails a day on
    await award(client, owner, ann, 10)
    now = utcnow()
    first_failure = now
    for attempt in range(1, MAX_ATTEMPTS + 1):
        await deliver_due(tenant, now, WAIT)
        now += backoff(attempt) + timedelta(seconds=1)
    await award(client, owner, ann, 10)
    now = first_failure + timedelta(hours=24, seconds=1)
    await deliver_due(tenant, now, WAIT)
    await deliver_due(tenant, now, WAIT)

    # then the first delivery is dead, the endpoint disabled, and the other endpoint was told
    dead = {"f": {"status": "DEAD"}}
    deliveries = (await gql(client, DELIVERIES, dead, owner))["webhookDeliveries"]["nodes"]
    assert deliveries[-1]["attempts"] == MAX_ATTEMPTS
    assert len(deliveries) == 2  # the second was dead-lettered when the endpoint was disabled
    endpoints = await gql(client, "{ webhookEndpoints { url status } }", token=owner)
    status = {e["url"]: e["status"] for e in endpoints["webhookEndpoints"]}
    assert status[receiver.url("/broken")] == "DISABLED"
    told = [json.loads(r.body) for r in receiver.on("/ops")]
    assert [t["type"] for t in told] == ["webhook_endpoint.disabled"]
    assert told[0]["data"]["url"] == receiver.url("/broken")
    assert len(receiver.on("/broken")) == MAX_ATTEMPTS + 1


async def test_bad_endpoints_are_refused(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    cases = [
        ({"url": "ftp://example.com/hook"}, "url"),
        ({"url": "https://"}, "url"),
        ({"url": "https://example.com/h", "eventTypes": ["points.stolen"]}, "eventTypes"),
    ]
    for values, field_name in cases:
        refused = (await gql(client, CREATE, {"i": values}, owner))["createWebhookEndpoint"]
        assert refused["userErrors"] == [{"field": field_name, "code": "INVALID_INPUT"}]
    unknown = await gql(client, REPLAY, {"i": {"deliveryId": str(UUID(int=7))}}, owner)
    assert unknown["replayWebhookDelivery"]["userErrors"] == [{"code": "DELIVERY_NOT_FOUND"}]
