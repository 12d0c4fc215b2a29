"""Calling the API over HTTP the way a frontend does."""

from __future__ import annotations

from typing import Any

import httpx

GRAPHQL_RESPONSE = "application/graphql-response+json"


async def post(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> httpx.Response:
    headers = {"accept": GRAPHQL_RESPONSE}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    """The `data` of a successful operation; fails the test on any GraphQL error."""
    response = await post(client, query, variables, token)
    body: dict[str, Any] = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


async def gql_errors(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """Status code and `errors` of an operation expected to fail outside payloads."""
    response = await post(client, query, variables, token)
    body: dict[str, Any] = response.json()
    errors: list[dict[str, Any]] = body.get("errors", [])
    return response.status_code, errors
