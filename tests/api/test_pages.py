"""The front ends' files: served under a strict policy, and switched off by a setting."""

from __future__ import annotations

import dataclasses

import httpx

from app.core.settings import Settings
from app.main import create_app
from schema.http.pages import CONTENT_SECURITY_POLICY


async def test_the_portal_is_served_with_its_security_headers(client: httpx.AsyncClient) -> None:
    page = await client.get("/portal/")
    script = await client.get("/portal/app.js")
    document = await client.get("/portal/operations/PortalDashboard.graphql")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert page.headers["x-content-type-options"] == "nosniff"
    assert '<script type="module" src="/portal/app.js"></script>' in page.text
    assert script.headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert document.text.startswith("# The dashboard")
    assert (await client.get("/portal/../pyproject.toml")).status_code == 404
    home = await client.get("/")
    assert (home.status_code, home.headers["location"]) == (302, "/portal/")


async def test_the_portal_can_be_switched_off(settings: Settings) -> None:
    app = create_app(dataclasses.replace(settings, portal=False))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as off:
        assert (await off.get("/portal/")).status_code == 404
        assert (await off.get("/")).status_code == 404


async def test_the_console_is_served_with_its_security_headers(client: httpx.AsyncClient) -> None:
    page = await client.get("/console/")
    style = await client.get("/shared/admin.css")
    document = await client.get("/console/operations/ConsoleBatch.graphql")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert '<script type="module" src="/console/app.js"></script>' in page.text
    assert style.headers["content-type"].startswith("text/css")
    assert document.text.startswith("# One batch, line by line")
