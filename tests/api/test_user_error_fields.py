"""Every `field` a userError names is a path into the mutation's input, as the SDL spells it."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import GraphQLInputObjectType, GraphQLList, GraphQLNonNull, build_schema

from app.core.errors import DomainError
from schema.root import Mutation  # noqa: F401 - imports every domain, so every refusal type
from tests.api.graphql import gql
from tests.api.operations.tenancy import sign_up

ROOT = Path(__file__).resolve().parents[2]
SDL = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))

# Fields of ledger commands that only services issue (holds, returns, contributions, the
# breakage source and sink): no mutation takes them, so a refusal naming one is a service's bug
# and reaches no client as such (services pass their own field to into_domain).
LEDGER_COMMAND_FIELDS = {"credit", "holdId", "holdSeconds", "sink", "source", "transferId"}

CREATE_RULE = """mutation($i: CreateEarnRuleInput!) { createEarnRule(input: $i) {
  rule { id } userErrors { field code } } }"""


def _input_paths() -> set[str]:
    """Every field of every mutation's input, with the dotted path of nested input objects."""
    paths: set[str] = set()

    def walk(kind: Any, prefix: str, depth: int) -> None:
        while isinstance(kind, GraphQLNonNull | GraphQLList):
            kind = kind.of_type
        if not isinstance(kind, GraphQLInputObjectType) or depth > 3:
            return
        for name, field in kind.fields.items():
            paths.add(prefix + name)
            walk(field.type, f"{prefix}{name}.", depth + 1)

    assert SDL.mutation_type is not None
    assert SDL.query_type is not None
    for root in (SDL.mutation_type, SDL.query_type):
        for operation in root.fields.values():
            for name, argument in operation.args.items():
                paths.add(name)
                walk(argument.type, "", 0)
    return paths


def _fields_named_in_code() -> set[str]:
    """String literals given as the `field` of a refusal (`XError(code, message, "field")`)."""
    refusals = {kind.__name__ for kind in DomainError.__subclasses__()}
    named: set[str] = set()
    for folder in ("app", "tenants", "schema"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                    continue
                if node.func.id not in refusals:
                    continue
                candidates = node.args[2:3] + [k.value for k in node.keywords if k.arg == "field"]
                named |= {
                    c.value
                    for c in candidates
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                }
    return named


def test_every_field_a_refusal_names_is_an_input_path() -> None:
    named = _fields_named_in_code()
    # (the scan sees the refusals: far more than a handful of fields are named)
    assert len(named) > 40
    paths = _input_paths()
    # A refusal names the input field relative to its own mutation's input, or a nested path.
    leaves = {path.rsplit(".", 1)[-1] for path in paths}
    unknown = named - paths - leaves - LEDGER_COMMAND_FIELDS
    assert sorted(unknown) == []


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"dailyCapPerMember": 0}, "occasion.dailyCapPerMember"),
        ({"memberLimit": 0}, "occasion.memberLimit"),
        ({"points": 0}, "occasion.points"),
        ({"name": ""}, "occasion.name"),
    ],
)
async def test_an_earn_rule_refusal_names_the_input_path(
    client: httpx.AsyncClient, values: dict[str, Any], field: str
) -> None:
    merchant = await sign_up(client)
    occasion = {"kind": "SIGNUP", "name": "Welcome", "points": 10, **values}
    data = await gql(client, CREATE_RULE, {"i": {"occasion": occasion}}, merchant.access_token)
    assert data["createEarnRule"] == {
        "rule": None,
        "userErrors": [{"field": field, "code": "INVALID_INPUT"}],
    }
