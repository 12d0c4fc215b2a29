"""Custom scalars, registered with the schema through `SCALARS`."""

from __future__ import annotations

from typing import NewType

import strawberry
from graphql import GraphQLError
from strawberry.types.scalar import ScalarDefinition

Points = NewType("Points", int)
MinorUnits = NewType("MinorUnits", int)


def _whole_number(value: object) -> int:
    """A whole number, from a variable or a literal (`1.5`, `1e3`, `1.0` are refused; the
    range is each field's to check, with its own code). A GraphQLError, not a ValueError:
    graphql-core reports the former as it is and wraps the latter as an unexpected error,
    which would be masked as internal."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise GraphQLError("Expected a whole number.")
    return value


SCALARS: dict[object, ScalarDefinition] = {
    Points: strawberry.scalar(
        name="Points",
        description="A whole number of points, serialized as a JSON number. Amounts are 1 to "
        "2^53-1 (the largest integer JSON clients read exactly); GraphQL's Int stops at 2^31-1.",
        serialize=int,
        parse_value=_whole_number,
    ),
    MinorUnits: strawberry.scalar(
        name="MinorUnits",
        description="An amount of money in the currency's minor units (fen for CNY, yen for "
        "JPY), as a whole JSON number up to 2^53-1.",
        serialize=int,
        parse_value=_whole_number,
    ),
}
