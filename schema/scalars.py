"""Custom scalars, registered with the schema through `SCALARS`."""

from __future__ import annotations

from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

Points = NewType("Points", int)


def _parse_points(value: object) -> Points:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("Points must be a whole number.")
    return Points(value)


SCALARS: dict[object, ScalarDefinition] = {
    Points: strawberry.scalar(
        name="Points",
        description="A whole number of points, serialized as a JSON number. Amounts are 1 to "
        "2^53-1 (the largest integer JSON clients read exactly); GraphQL's Int stops at 2^31-1.",
        serialize=int,
        parse_value=_parse_points,
    )
}
