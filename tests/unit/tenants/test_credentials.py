from __future__ import annotations

from uuid import uuid4

from tenants.credentials import (
    hash_secret,
    new_api_key,
    new_refresh_token,
    parse_api_key,
    parse_refresh_token,
    secret_matches,
)


def test_api_key_round_trips_and_its_secret_matches_only_its_hash() -> None:
    key = new_api_key()
    parsed = parse_api_key(key.token)
    assert parsed == key
    assert secret_matches(key.secret, hash_secret(key.secret))
    assert not secret_matches(key.secret + "0", hash_secret(key.secret))


def test_malformed_api_keys_do_not_parse() -> None:
    key = new_api_key().token
    for token in ("", "pmk_", "pmk_short_secret", key[:-1], "xyz" + key[3:]):
        assert parse_api_key(token) is None


def test_refresh_token_carries_tenant_and_session() -> None:
    tenant, session = uuid4(), uuid4()
    token = new_refresh_token(tenant, session)
    assert parse_refresh_token(token.token) == token
    assert parse_refresh_token(token.token.replace("pmr_", "pmx_")) is None
    assert parse_refresh_token("pmr_nothex_" + session.hex + "_" + "a" * 64) is None
