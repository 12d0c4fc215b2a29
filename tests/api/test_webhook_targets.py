"""SSRF: webhook endpoints may name public addresses only, checked at creation and again at
every delivery, which connects to the address it checked."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from uuid import UUID

import httpx
import pytest

from app.core.settings import Settings
from app.webhooks import targets
from app.webhooks.delivery import deliver_due
from app.webhooks.policy import webhook_policy
from tests.api.graphql import gql
from tests.api.operations.members import new_member
from tests.api.operations.points import award
from tests.api.operations.tenancy import sign_up
from tests.api.test_webhooks import CREATE, Receiver, receiver  # noqa: F401 - the fixture

DELIVERIES = "{ webhookDeliveries(first: 5) { nodes { status lastStatusCode lastError } } }"
NAMES: dict[str, str] = {}


async def _fake_dns(host: str, port: int) -> list[str]:
    if host in NAMES:
        return [NAMES[host]]
    return await targets.system_resolver(host, port)


@pytest.fixture
def strict(settings: Settings) -> Iterator[None]:
    """The production rules but for https (no allowed networks) and a resolver the test sets."""
    targets.configure(targets.TargetPolicy(), _fake_dns)
    yield
    targets.configure(webhook_policy(settings))


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
        ("0.0.0.0", False),  # noqa: S104 - an address to refuse, not one to bind
        ("240.0.0.1", False),
        ("::1", False),
        ("fd00::1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:169.254.169.254", False),
    ],
)
def test_only_public_addresses_are_targets(address: str, allowed: bool) -> None:
    assert targets.public(ipaddress.ip_address(address)) is allowed


def test_an_allowed_network_admits_an_on_premise_receiver() -> None:
    assert targets.public(ipaddress.ip_address("10.20.0.5"), ["10.20.0.0/16"])
    assert not targets.public(ipaddress.ip_address("10.21.0.5"), ["10.20.0.0/16"])


@pytest.mark.usefixtures("strict")
async def test_endpoints_at_internal_addresses_are_refused_and_none_is_made(
    client: httpx.AsyncClient,
) -> None:
    merchant = await sign_up(client)
    NAMES["intranet.shop.test"] = "10.0.0.7"
    urls = [
        "http://127.0.0.1:8080/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://localhost/hook",
        "http://intranet.shop.test/hook",
    ]
    for url in urls:
        answer = (await gql(client, CREATE, {"i": {"url": url}}, merchant.access_token))[
            "createWebhookEndpoint"
        ]
        assert answer["endpoint"] is None, url
        assert [(e["field"], e["code"]) for e in answer["userErrors"]] == [
            ("url", "URL_NOT_ALLOWED")
        ], url
    listed = await gql(client, "{ webhookEndpoints { url } }", token=merchant.access_token)
    assert listed["webhookEndpoints"] == []

    # and with production's rules, plain http is refused even to a public address
    targets.configure(targets.TargetPolicy(https_only=True), _fake_dns)
    answer = (
        await gql(client, CREATE, {"i": {"url": "http://93.184.216.34/"}}, merchant.access_token)
    )["createWebhookEndpoint"]
    assert [e["code"] for e in answer["userErrors"]] == ["URL_NOT_ALLOWED"]


@pytest.mark.usefixtures("strict")
async def test_a_name_that_turns_to_loopback_after_creation_is_refused_at_delivery(
    client: httpx.AsyncClient,
    receiver: Receiver,  # noqa: F811 - the fixture
) -> None:
    # given an endpoint whose name resolved to a public address when it was made
    merchant = await sign_up(client)
    owner = merchant.access_token
    host = "hooks.shop.test"
    NAMES[host] = "93.184.216.34"
    url = receiver.url("/rebound").replace("127.0.0.1", host)
    made = (await gql(client, CREATE, {"i": {"url": url}}, owner))["createWebhookEndpoint"]
    assert made["userErrors"] == []

    # when the name starts resolving to this machine's loopback, and an event is due
    NAMES[host] = "127.0.0.1"
    await award(client, owner, await new_member(client, owner, "ann"), 10)
    await deliver_due(UUID(merchant.tenant_id), None, 1.0)

    # then nothing was sent there, and the merchant reads why, not what was there
    assert receiver.on("/rebound") == []
    deliveries = (await gql(client, DELIVERIES, token=owner))["webhookDeliveries"]["nodes"]
    assert deliveries
    for delivery in deliveries:
        assert delivery["status"] == "PENDING"
        assert delivery["lastStatusCode"] is None
        assert delivery["lastError"].startswith("Not sent: Webhooks go to public addresses only")
