"""Every query and mutation that takes an id, called by tenant B with tenant A's ids.

The operations are read from the schema, so fields added later are covered without editing
this test. B must learn nothing of A (no id, slug, email or external id of A in any answer),
change nothing of A, and store no reference to A: no row of B mentions an id of A.
"""

from __future__ import annotations

from typing import Any

import httpx
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLUnionType,
)
from starlette.applications import Starlette

from app.core.settings import Settings
from schema.root import build_schema
from tests.api.graphql import gql, post
from tests.api.operations.members import new_member
from tests.api.operations.tenancy import CREATE_STAFF, PASSWORD, create_api_key, sign_up
from tests.db import rows_naming

SCALAR_SAMPLES: dict[str, Any] = {
    "String": "x-sample",
    "Int": 3600,
    "Boolean": False,
    "Date": "2000-01-01",
    "DateTime": "2000-01-01T00:00:00Z",
    "JSON": {},
    "Points": 10,
    "MinorUnits": 100,
}
A_STATE = """query {
  tenant { status }
  members(first: 100) { nodes { id status displayName } }
  staffUsers(first: 100) { nodes { id role isActive } }
  apiKeys(first: 100) { nodes { id revokedAt } }
  earnRules { id name status config }
  rewards(first: 100) { nodes { id name status stockAvailable } }
  tiers { id name }
}"""


def _unwrap(type_: Any) -> Any:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def _takes_id(type_: GraphQLInputType, depth: int = 0) -> bool:
    named = _unwrap(type_)
    if isinstance(named, GraphQLScalarType):
        return named.name == "ID"
    if isinstance(named, GraphQLInputObjectType) and depth < 3:
        return any(_takes_id(field.type, depth + 1) for field in named.fields.values())
    return False


def _sample(type_: GraphQLInputType, id_value: str) -> Any:
    if isinstance(type_, GraphQLNonNull):
        return _sample(type_.of_type, id_value)
    if isinstance(type_, GraphQLList):
        return [_sample(type_.of_type, id_value)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return {
            name: _sample(field.type, id_value)
            for name, field in type_.fields.items()
            if isinstance(field.type, GraphQLNonNull) or _takes_id(field.type)
        }
    assert isinstance(type_, GraphQLScalarType)
    return id_value if type_.name == "ID" else SCALAR_SAMPLES[type_.name]


def _selection(type_: GraphQLOutputType, depth: int = 0) -> str:
    named = _unwrap(type_)
    if isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return ""
    if depth >= 3:
        return "{ __typename }"
    if isinstance(named, GraphQLUnionType):
        return "{ __typename }"
    assert isinstance(named, GraphQLObjectType)
    parts = ["__typename"]
    for name, field in named.fields.items():
        if any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values()):
            continue
        parts.append(f"{name} {_selection(field.type, depth + 1)}".strip())
    return "{ " + " ".join(parts) + " }"


def _operations(settings: Settings) -> list[tuple[str, str, GraphQLField]]:
    graphql_schema = build_schema(settings)._schema
    found = []
    for kind, root in (
        ("query", graphql_schema.query_type),
        ("mutation", graphql_schema.mutation_type),
    ):
        assert root is not None
        for name, field in root.fields.items():
            if any(_takes_id(arg.type) for arg in field.args.values()):
                found.append((kind, name, field))
    return found


def _document(kind: str, name: str, field: GraphQLField) -> str:
    params = ", ".join(f"${arg}: {spec.type}" for arg, spec in field.args.items())
    args = ", ".join(f"{arg}: ${arg}" for arg in field.args)
    return f"{kind} Probe({params}) {{ {name}({args}) {_selection(field.type)} }}"


async def test_tenant_b_gets_nothing_of_tenant_a_through_any_id(
    client: httpx.AsyncClient, app: Starlette, settings: Settings
) -> None:
    # given tenant A with a member, a staff user and an API key
    a = await sign_up(client)
    member_id = await new_member(client, a.access_token, f"ext-{a.slug}")
    staff = await gql(
        client,
        CREATE_STAFF,
        {"input": {"email": f"s@{a.slug}.example.com", "password": PASSWORD, "role": "STAFF"}},
        a.access_token,
    )
    await create_api_key(client, a, ["MEMBERS_READ"])
    await gql(
        client,
        'mutation { createReward(input: {name: "Mug", type: PHYSICAL, pricePoints: 10, stock: 5}) { reward { id } } }',
        token=a.access_token,
    )
    state_before = await gql(client, A_STATE, token=a.access_token)
    a_ids = [
        a.tenant_id,
        member_id,
        staff["createStaffUser"]["staffUser"]["id"],
        state_before["apiKeys"]["nodes"][0]["id"],
        *(node["id"] for node in state_before["staffUsers"]["nodes"]),
        *(rule["id"] for rule in state_before["earnRules"]),
        *(reward["id"] for reward in state_before["rewards"]["nodes"]),
        *(tier["id"] for tier in state_before["tiers"]),
    ]
    secrets_of_a = [*a_ids, a.slug, a.email, f"ext-{a.slug}"]
    # and tenant B calling as its owner and as an all-scopes API key
    b = await sign_up(client)
    b_key = await create_api_key(client, b, ["MEMBERS_READ", "MEMBERS_WRITE", "MEMBER_TOKENS"])
    operations = _operations(settings)
    assert {"member", "updateStaffRole", "revokeApiKey", "blockMember", "issueMemberToken"} <= {
        name for _, name, _ in operations
    }

    for kind, name, field in operations:
        document = _document(kind, name, field)
        for a_id in a_ids:
            variables = {arg: _sample(spec.type, a_id) for arg, spec in field.args.items()}
            for token in (b.access_token, b_key):
                # when
                response = await post(client, document, variables, token)
                # then
                assert response.status_code == 200, (name, response.text)
                leaked = [secret for secret in secrets_of_a if secret in response.text]
                assert leaked == [], (name, response.text)

    assert await gql(client, A_STATE, token=a.access_token) == state_before
    assert await rows_naming(settings, b.tenant_id, a_ids) == {}
