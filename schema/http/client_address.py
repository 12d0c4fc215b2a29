"""The client's address: the socket's peer, or, behind proxies the operator trusts
(TRUSTED_PROXIES), the last address in X-Forwarded-For that is not one of them. A header from
anyone else is ignored: a client cannot name its own address to escape a throttle."""

from __future__ import annotations

import ipaddress

from starlette.requests import Request

UNKNOWN = "unknown"


def _trusted(address: str, proxies: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network) for network in proxies)


def client_address(request: Request, proxies: tuple[str, ...]) -> str:
    peer = request.client.host if request.client else UNKNOWN
    if not proxies or not _trusted(peer, proxies):
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _trusted(hop, proxies):
            return hop
    return peer
