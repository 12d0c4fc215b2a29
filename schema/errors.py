"""Expected failures as data: every payload's `userErrors { field code message }`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.utils.str_converters import to_camel_case

from app.core.errors import DomainError


@strawberry.interface(
    description="An expected refusal, as every payload's `userErrors` lists it (nothing was "
    "changed): which input field, and a sentence to show. Each domain's error type adds `code`, "
    "an enum of its own whose values say when they happen and what to do."
)
class UserError:
    field: str | None = strawberry.field(
        description="The input field at fault, as a path from the mutation's input (e.g. "
        "`currency.code`); null when the refusal is about the request as a whole."
    )
    message: str = strawberry.field(
        description="A readable sentence for a person; branch on `code`, never on this text."
    )


class UserErrorType(Protocol):
    def __init__(self, *, field: str | None, code: object, message: str) -> None: ...


E = TypeVar("E", bound=UserErrorType)


def user_errors(error: DomainError, error_type: type[E], nested: Nested | None = None) -> list[E]:
    """The one-entry `userErrors` list a payload returns for a refused operation; `nested`
    prefixes the fields of an inner input object, so `field` is the path from the input."""
    field = error.field
    if nested is not None and field in nested.fields:
        field = f"{nested.name}.{field}"
    return [error_type(field=field, code=error.code, message=error.message)]


@dataclass(frozen=True)
class Nested:
    """An input object inside a mutation's input: its argument name and its fields' names."""

    name: str
    fields: frozenset[str]

    @classmethod
    def of(cls, name: str, input_type: type) -> Nested:
        definition = input_type.__strawberry_definition__  # type: ignore[attr-defined]
        return cls(name, frozenset(to_camel_case(f.python_name) for f in definition.fields))


def refused(error: DomainError) -> GraphQLError:
    """A read asked wrongly (no payload to carry `userErrors`), as a GraphQL error with the
    domain's code and the field at fault."""
    return GraphQLError(error.message, extensions={"code": error.code.value, "field": error.field})


class TooManyAttemptsGraphQLError(GraphQLError):
    """A throttled login: answered 429 with Retry-After (transport.result_response)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Too many failed attempts; try again in {retry_after} s.",
            extensions={"code": "RATE_LIMITED", "retryAfterSeconds": retry_after},
        )
