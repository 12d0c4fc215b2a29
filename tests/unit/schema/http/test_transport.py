from __future__ import annotations

import pytest

from schema.http.transport import GRAPHQL_RESPONSE, JSON, TransportError, negotiate


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0.5, application/json", JSON),
        ("text/html, application/*;q=0.8", JSON),
        (f"{GRAPHQL_RESPONSE}, */*", GRAPHQL_RESPONSE),
    ],
)
def test_negotiation_picks_the_preferred_media_type(accept: str | None, chosen: str) -> None:
    assert negotiate(accept) == chosen


def test_nothing_acceptable_is_406() -> None:
    with pytest.raises(TransportError) as refused:
        negotiate("text/csv, image/png")
    assert refused.value.status == 406
