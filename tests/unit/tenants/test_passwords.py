from __future__ import annotations

import pytest

from tenants.passwords import hash_password, password_weakness, verify_password


@pytest.mark.parametrize(
    "password",
    ["short1A!", "alllowercaseletters", "ALLUPPER12345", "x" * 300, "annabelle-Lee-99"],
)
def test_weak_passwords_are_named(password: str) -> None:
    assert password_weakness(password, "annabelle@example.com") is not None


def test_a_strong_password_passes_and_verifies() -> None:
    assert password_weakness("Sup3r-Secret-pass", "ann@example.com") is None
    stored = hash_password("Sup3r-Secret-pass")
    assert verify_password(stored, "Sup3r-Secret-pass")
    assert not verify_password(stored, "Sup3r-Secret-pasS")
    assert not verify_password(None, "Sup3r-Secret-pass")
    assert not verify_password("not-a-hash", "Sup3r-Secret-pass")
