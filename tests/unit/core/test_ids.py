from __future__ import annotations

from app.core.ids import uuid7


def test_uuid7_is_version_7_and_sorts_by_creation_time() -> None:
    ids = [uuid7() for _ in range(1000)]
    assert {i.version for i in ids} == {7}
    assert {i.variant for i in ids} == {"specified in RFC 4122"}
    millis = [i.int >> 80 for i in ids]
    assert millis == sorted(millis)


def test_ids_made_in_one_millisecond_still_increase() -> None:
    ids = [uuid7() for _ in range(20_000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert len({i.int >> 80 for i in ids}) < len(ids)  # many shared a millisecond
