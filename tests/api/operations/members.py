"""Member operations."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.graphql import gql

MEMBER_FIELDS = "id externalId email phone displayName birthday attributes status"

UPSERT = f"""
mutation Upsert($input: UpsertMemberInput!) {{
  upsertMember(input: $input) {{ created member {{ {MEMBER_FIELDS} }} userErrors {{ field code message }} }}
}}"""

ISSUE_TOKEN = """
mutation Issue($input: IssueMemberTokenInput!) {
  issueMemberToken(input: $input) { token expiresAt userErrors { field code message } }
}"""

BLOCK = """
mutation Block($input: MemberStatusInput!) {
  blockMember(input: $input) { member { id status } userErrors { field code message } }
}"""

ME = f"query {{ me {{ {MEMBER_FIELDS} }} }}"


async def upsert(client: httpx.AsyncClient, token: str, **fields: Any) -> dict[str, Any]:
    data = await gql(client, UPSERT, {"input": fields}, token)
    payload: dict[str, Any] = data["upsertMember"]
    return payload


async def new_member(client: httpx.AsyncClient, token: str, external_id: str) -> str:
    payload = await upsert(client, token, externalId=external_id, displayName=external_id)
    assert payload["userErrors"] == []
    member_id: str = payload["member"]["id"]
    return member_id


async def member_token(client: httpx.AsyncClient, token: str, member_id: str) -> str:
    data = await gql(client, ISSUE_TOKEN, {"input": {"memberId": member_id}}, token)
    assert data["issueMemberToken"]["userErrors"] == []
    issued: str = data["issueMemberToken"]["token"]
    return issued
