"""Where webhooks may go: public addresses only, checked when an endpoint is saved and again at
every delivery, and the delivery connects to the very address it checked.

A merchant chooses the URL, and its deliveries' status codes and errors are shown back to it:
without these checks an endpoint at 127.0.0.1, a private network or a cloud metadata address
(169.254.169.254) would let a merchant probe the platform's own network (SSRF). So the host is
resolved and every address it resolves to must be global: loopback, private, link-local,
CGNAT, multicast, reserved and unspecified ranges are refused, IPv4-mapped IPv6 included. The
delivery then sends to the checked address with the name in `Host` and in TLS's SNI and
certificate check, so a name that resolves elsewhere between the check and the connection
(DNS rebinding) gains nothing. Redirects are never followed (delivery.py). https only in
production; an operator may allow networks of on-premise receivers (WEBHOOK_ALLOWED_NETWORKS).

Hand-written: the libraries made for this (advocate, for example) wrap `requests`, not httpx's
async client; the check itself is the standard library's `ipaddress`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]


class TargetRefusedError(Exception):
    """The URL may not receive webhooks; the message is the merchant's to read."""


@dataclass(frozen=True)
class TargetPolicy:
    https_only: bool = False
    allowed_networks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Target:
    """A checked URL: send to `address_url`, naming `host` in Host and TLS."""

    address_url: str
    host: str
    host_header: str


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


_policy = [TargetPolicy()]
_resolver: list[Resolver] = [system_resolver]


def configure(policy: TargetPolicy, resolver: Resolver = system_resolver) -> None:
    """The process's policy (from settings, at start-up) and resolver."""
    _policy[:] = [policy]
    _resolver[:] = [resolver]


def policy() -> TargetPolicy:
    return _policy[0]


def public(address: IPAddress, allowed: Sequence[str] = ()) -> bool:
    """True for an address webhooks may reach: global, or inside an allowed network."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in ipaddress.ip_network(network) for network in allowed):
        return True
    return address.is_global and not address.is_multicast


async def check(url: str) -> Target:
    """Resolve `url`'s host now and allow it only if every address it names is public."""
    rules = policy()
    parts = urlsplit(url)
    if parts.scheme not in ({"https"} if rules.https_only else {"https", "http"}):
        raise TargetRefusedError("Webhook URLs must use https." if rules.https_only else
                                 "Webhook URLs must use http or https.")  # fmt: skip
    host = parts.hostname
    if not host:
        raise TargetRefusedError("The URL names no host.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise TargetRefusedError("The URL's port is not a number from 1 to 65535.") from exc
    try:
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in await _resolver[0](host, port)]
    except (OSError, ValueError) as exc:
        raise TargetRefusedError(f"The host {host} does not resolve.") from exc
    if not addresses or not all(public(a, rules.allowed_networks) for a in addresses):
        raise TargetRefusedError(
            "Webhooks go to public addresses only: this host is loopback, private, link-local "
            "or otherwise reserved."
        )
    chosen = addresses[0]
    literal = f"[{chosen}]" if chosen.version == 6 else str(chosen)
    netloc = f"{literal}:{port}"
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    address_url = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    return Target(address_url, host, host_header)
