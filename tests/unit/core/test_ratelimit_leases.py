"""Far below its limit a caller is counted locally between looks at the shared count; near it,
every request looks."""

from __future__ import annotations

from app.core.ratelimit import SPREAD, Leases


def _local_run(leases: Leases, key: str, window: int, limit: int) -> int:
    """Requests counted locally before the next look."""
    n = 0
    while leases.take(key, window, limit):
        n += 1
    return n


def test_a_caller_far_below_its_limit_is_counted_locally_a_sixteenth_of_what_is_left() -> None:
    leases = Leases()
    assert _local_run(leases, "k", 60, 6000) == 6000 // SPREAD - 1  # a new window counts from 0
    leases.looked("k", 1)

    local = _local_run(leases, "k", 60, 6000)

    assert local == (6000 - 1) // SPREAD - 1
    assert leases.unsynced("k") == local


def test_near_the_limit_every_request_looks() -> None:
    leases = Leases()
    leases.take("k", 60, 5)
    leases.looked("k", 0)
    assert _local_run(leases, "k", 60, 5) == 0
    leases.looked("k", 5990)
    assert _local_run(leases, "k", 60, 6000) == 0


def test_a_new_window_forgets_the_last_ones_counts() -> None:
    leases = Leases()
    leases.take("k", 60, 6000)
    leases.looked("k", 5990)
    assert not leases.take("k", 60, 6000)
    assert leases.take("k", 120, 6000)
    assert leases.unsynced("k") == 1
