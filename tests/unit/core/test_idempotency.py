from __future__ import annotations

from uuid import UUID

from app.core.idempotency import request_hash, valid_key


def test_the_hash_ignores_key_order_but_not_values_or_operation() -> None:
    member = UUID(int=1)
    base = request_hash("Award", {"member_id": member, "amount": 5})
    assert request_hash("Award", {"amount": 5, "member_id": member}) == base
    assert request_hash("Award", {"member_id": member, "amount": 6}) != base
    assert request_hash("Deduct", {"member_id": member, "amount": 5}) != base


def test_keys_are_short_printable_strings() -> None:
    assert valid_key("order-2026-0001")
    assert not valid_key("")
    assert not valid_key("x" * 201)
    assert not valid_key("line\nbreak")
