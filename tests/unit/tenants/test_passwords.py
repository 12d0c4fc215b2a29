from __future__ import annotations

import pytest

from tenants.passwords import (
    hash_password,
    password_weakness,
    use_password_profile,
    verify_password,
)


@pytest.mark.parametrize(
    "password",
    ["short1A!", "alllowercaseletters", "ALLUPPER12345", "x" * 300, "annabelle-Lee-99"],
)
def test_weak_passwords_are_named(password: str) -> None:
    assert password_weakness(password, "annabelle@example.com") is not None


async def test_a_strong_password_passes_and_verifies() -> None:
    assert password_weakness("Sup3r-Secret-pass", "ann@example.com") is None
    stored = await hash_password("Sup3r-Secret-pass")
    assert await verify_password(stored, "Sup3r-Secret-pass")
    assert not await verify_password(stored, "Sup3r-Secret-pasS")
    assert not await verify_password(None, "Sup3r-Secret-pass")
    assert not await verify_password("not-a-hash", "Sup3r-Secret-pass")


async def test_a_hash_made_under_one_profile_verifies_under_another() -> None:
    # given a hash made at full cost, then the profile switched to the test suite's
    use_password_profile("RFC_9106_LOW_MEMORY")
    try:
        stored = await hash_password("Sup3r-Secret-pass")
    finally:
        use_password_profile("CHEAPEST")
    # then it still verifies: argon2 reads its parameters from the hash
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert await verify_password(stored, "Sup3r-Secret-pass")
    assert (await hash_password("x")).startswith("$argon2id$v=19$m=8,t=1,p=1$")


def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown password hash profile"):
        use_password_profile("FAST")
