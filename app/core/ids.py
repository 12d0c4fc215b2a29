"""Time-ordered UUIDs (version 7), so ids double as keyset pagination keys.

Within one process ids strictly increase, even many in one millisecond: the 12 bits after the
version hold a counter (RFC 9562, section 6.2, method 1), so the transfers of one journal list
in the order they were written. Across processes only the millisecond orders them.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid

_COUNTER_MAX = 0xFFF
_lock = threading.Lock()
_last_millis = 0
_counter = 0


def uuid7() -> uuid.UUID:
    """A UUIDv7: 48-bit Unix milliseconds, a 12-bit counter, 62 random bits."""
    global _last_millis, _counter
    with _lock:
        millis = time.time_ns() // 1_000_000
        if millis > _last_millis:
            # A random start in the lower half leaves room for thousands more this millisecond.
            _last_millis, _counter = millis, secrets.randbits(11)
        elif _counter < _COUNTER_MAX:
            _counter += 1
        else:
            _last_millis, _counter = _last_millis + 1, 0
        millis, counter = _last_millis, _counter
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= secrets.randbits(62)
    return uuid.UUID(int=value)
