"""GET /graphql from a browser: GraphiQL from this server's own files, pinned by hash."""

from __future__ import annotations

import re

import httpx

from schema.http.graphiql import ASSETS, CONTENT_SECURITY_POLICY


async def test_the_page_names_only_local_files_each_with_its_hash(
    client: httpx.AsyncClient,
) -> None:
    # when a browser asks for /graphql
    page = await client.get("/graphql", headers={"accept": "text/html"})

    # then it gets GraphiQL under a policy that allows scripts from this origin only
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    links = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(links) == len(ASSETS) + 2  # the files, the page's own stylesheet and init.js
    assert all(link.startswith("/graphiql/") for link in links)
    assert "<script>" not in page.text  # no inline script
    for asset in ASSETS:
        assert f'integrity="{asset.integrity}"' in page.text

    # and every file it names is served, byte for byte the file its hash pins
    for link in links:
        served = await client.get(link)
        assert served.status_code == 200, link
    for asset in ASSETS:
        served = await client.get(f"/graphiql/vendor/{asset.name}")
        assert asset.matches(served.content), asset.name


async def test_queries_still_go_to_the_same_url(client: httpx.AsyncClient) -> None:
    answer = await client.post("/graphql", json={"query": "{ viewer { kind } }"})
    assert answer.json() == {"data": {"viewer": {"kind": "ANONYMOUS"}}}
