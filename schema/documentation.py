"""Descriptions for every element of the schema, applied once when the schema is built.

Most descriptions sit next to their type in code (`strawberry.type/field(description=...)`).
What is described here instead:

- the conventions every domain repeats (paging arguments, `userErrors`, a payload's or an
  input's role, `createdAt`, ...), said once in `CONVENTIONS` rather than on 100 sites;
- the catalog `schema/descriptions/`: one module per domain mapping `Type`, `Type.field`,
  `Type.field(argument)` and `Enum.VALUE` to a sentence. Strawberry takes an argument's
  description only through `Annotated[..., strawberry.argument(description=...)]` and an enum
  value's only when the enum is declared in the schema layer, while ours are the domain's
  `StrEnum`s; the catalog documents them without rewriting every signature.

`undocumented()` lists what still has no description and `stale()` the catalog entries that name
nothing; tests/unit/schema/test_documentation.py requires both to be empty, so the catalog cannot
drift from the schema.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    is_nullable_type,
)

from schema.descriptions import CATALOG

Element = GraphQLNamedType | GraphQLField | GraphQLArgument | GraphQLInputField | GraphQLEnumValue

IDEMPOTENCY_KEY = (
    "A key of your choosing, unique per intended operation (1-200 printable characters). A "
    "retry with the same key changes nothing again and answers what the first call answered; "
    "the same key with a different request is `IDEMPOTENCY_KEY_REUSED`."
)

# Element name -> description, for names that mean the same thing wherever they appear.
# `{owner}` is the owning type's name in words ("settlement batch").
FIELD_CONVENTIONS: Mapping[str, str] = {
    "id": "The {owner}'s id: opaque, stable, and only valid within your tenant.",
    "createdAt": "When the {owner} was created (ISO 8601, UTC).",
    "updatedAt": "When the {owner} last changed (ISO 8601, UTC).",
    "userErrors": "Why nothing was changed: empty when the mutation succeeded. Branch on each "
    "error's `code`; show its `message`.",
    "idempotencyKey": IDEMPOTENCY_KEY,
}
ARGUMENT_CONVENTIONS: Mapping[str, str] = {
    "first": "How many items to return, 1 to 100.",
    "after": "Return the items after this cursor: a `pageInfo.endCursor` of an earlier page.",
    "last": "How many items to return from the end, 1 to 100 (with `before`, pages backwards).",
    "before": "Return the items before this cursor: a `pageInfo.startCursor` of a later page.",
    "input": "What to do; each field of the input type says what it means.",
    "idempotencyKey": IDEMPOTENCY_KEY,
}
USER_ERROR_CODE = (
    "Why it was refused: branch on this. Each value says when it happens and what to do."
)
PAYLOAD_RESULT = "The {name} as the mutation left it; null when it was refused (see `userErrors`)."
PAYLOAD_CONVENTIONS: Mapping[str, str] = {
    "ok": "True when it was done; false only together with `userErrors`.",
    "replayed": "True when this answers a retry: an earlier call with the same idempotency key "
    "did the work, and nothing was done again.",
}
# Error codes that mean the same in every domain's `*ErrorCode` enum.
ERROR_CODE_CONVENTIONS: Mapping[str, str] = {
    "INVALID_INPUT": "An input value breaks its rule (range, length, shape); `field` names it and "
    "`message` states the rule. Correct the value: the same request fails the same way again.",
    "IDEMPOTENCY_KEY_REUSED": "This idempotency key was already used for a different request; "
    "nothing was done. A retry must repeat the request exactly; a new operation needs a new key.",
    "MEMBER_NOT_FOUND": "No member of your tenant has this id (or a member token named another "
    "member). Check the id; retrying will not help.",
    "MEMBER_BLOCKED": "The merchant has blocked this member: they neither earn nor spend. Show "
    "that the account is restricted and point to customer service; do not retry.",
    "BALANCE_LIMIT": "The receiving wallet would exceed 2^53-1 points, the most a wallet holds. "
    "Nothing moved; this points to a wrong amount rather than a real balance.",
    "INSUFFICIENT_POINTS": "The wallet's available points (posted minus holds) are fewer than "
    "needed; `message` says how many are available. Show the balance; the member can earn more "
    "or choose less.",
    "INVALID_AMOUNT": "The amount is outside what this operation takes (1 to 2^53-1 points, or at "
    "most what is left to refund or release); `message` says the bound. Correct the amount.",
    "ALREADY_IN_STATE": "The object is already in the state asked for (archived, ended, revoked, "
    "blocked...); nothing changed. Treat it as done and refresh what you show.",
    "INVALID_TRANSITION": "The object's current status does not allow this step (`message` names "
    "both). Refresh it and offer only the steps its status allows.",
    "WRONG_CURRENCY": "The amount is in another currency than the merchant's own (`message` names "
    "it). Send amounts in that currency.",
    "INVALID_CURRENCY": "The currency is malformed: a code of 2-16 letters or digits starting with "
    "a letter (not PLAT), a name of 1-100 characters, an ISO 4217 fiat code.",
    "INVALID_RATIO": "Points per fiat unit must be a whole number from 1 to the bound `message` "
    "states.",
    "HOLD_NOT_FOUND": "No open hold has this id in your tenant: it never existed or was already "
    "resolved. Check the id.",
    "HOLD_RESOLVED": "The hold was posted, voided or expired by another request meanwhile; "
    "nothing changed. Read its outcome instead of retrying.",
    "HOLD_EXPIRED": "The hold ran past its expiry and its points went back to the wallet. Place a "
    "new hold if the operation is still wanted.",
}


def document(schema: GraphQLSchema) -> GraphQLSchema:
    """Fill every missing description from the catalog, then from the conventions."""
    for key, element in _elements(schema):
        if element.description:
            continue
        element.description = CATALOG.get(key) or _convention(schema, key, element)
    return schema


def undocumented(schema: GraphQLSchema) -> list[str]:
    """The keys of elements that still have no description."""
    return [key for key, element in _elements(schema) if not element.description]


def stale(schema: GraphQLSchema) -> list[str]:
    """Catalog keys that name no element of the schema (renamed or removed)."""
    keys = {key for key, _ in _elements(schema)}
    return sorted(set(CATALOG) - keys)


def _elements(schema: GraphQLSchema) -> Iterator[tuple[str, Element]]:
    for name, named in schema.type_map.items():
        if name.startswith("__"):
            continue
        yield name, named
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                yield f"{name}.{field_name}", field
                for arg_name, arg in field.args.items():
                    yield f"{name}.{field_name}({arg_name})", arg
        elif isinstance(named, GraphQLInputObjectType):
            for field_name, input_field in named.fields.items():
                yield f"{name}.{field_name}", input_field
        elif isinstance(named, GraphQLEnumType):
            for value_name, value in named.values.items():
                yield f"{name}.{value_name}", value


def _convention(schema: GraphQLSchema, key: str, element: Element) -> str | None:
    if isinstance(element, GraphQLArgument):
        return ARGUMENT_CONVENTIONS.get(key.rsplit("(", 1)[1].rstrip(")"))
    owner, _, name = key.partition(".")
    if isinstance(element, GraphQLEnumValue):
        return ERROR_CODE_CONVENTIONS.get(name) if owner.endswith("ErrorCode") else None
    if isinstance(element, GraphQLField | GraphQLInputField):
        if name == "code" and owner.endswith("UserError"):
            return USER_ERROR_CODE
        if owner.endswith("Payload"):
            if name in PAYLOAD_CONVENTIONS:
                return PAYLOAD_CONVENTIONS[name]
            if name != "userErrors" and is_nullable_type(element.type):
                return PAYLOAD_RESULT.format(name=_words(name))
        template = FIELD_CONVENTIONS.get(name)
        return template.format(owner=_words(owner)) if template else None
    if isinstance(element, GraphQLObjectType | GraphQLInputObjectType):
        return _role(schema, element)
    return None


def _role(schema: GraphQLSchema, named: GraphQLObjectType | GraphQLInputObjectType) -> str | None:
    """A payload or an input: described by the mutation that answers or takes it."""
    mutation = schema.mutation_type
    if mutation is None:
        return None
    for field_name, field in mutation.fields.items():
        if get_named_type(field.type) is named:
            return (
                f"What `{field_name}` answers: its result, or `userErrors` saying why nothing "
                "was changed."
            )
        if any(get_named_type(arg.type) is named for arg in field.args.values()):
            return f"The input of `{field_name}`."
    return None


def _words(type_name: str) -> str:
    """`SettlementBatch` -> "settlement batch"."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", type_name).lower()
