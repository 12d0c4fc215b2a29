from __future__ import annotations

from uuid import uuid4

import jwt
import pytest

from app.core.settings import load_settings
from tenants.errors import AuthError, AuthErrorCode
from tenants.tokens import TokenClaims, TokenIssuer, TokenKind

SECRET = "s" * 40


def _issuer(**env: str) -> TokenIssuer:
    return TokenIssuer(load_settings({"JWT_SECRET": SECRET, **env}))


def test_minted_tokens_verify_to_their_claims() -> None:
    claims = TokenClaims(TokenKind.STAFF, uuid4(), uuid4(), uuid4())
    issuer = _issuer()
    assert issuer.verify(issuer.mint(claims, 60)) == claims


def test_a_rotated_out_key_still_verifies_until_removed() -> None:
    claims = TokenClaims(TokenKind.MEMBER, uuid4(), uuid4(), None)
    old = _issuer().mint(claims, 60)
    rotated = _issuer(JWT_SECRET="n" * 40, JWT_KEY_ID="k2", JWT_PREVIOUS_KEYS=f"k1={SECRET}")
    assert rotated.verify(old) == claims
    with pytest.raises(AuthError):
        _issuer(JWT_SECRET="n" * 40, JWT_KEY_ID="k2").verify(old)


def test_expired_tokens_say_so() -> None:
    issuer = _issuer()
    token = issuer.mint(TokenClaims(TokenKind.OPERATOR, uuid4(), None, None), -60)
    with pytest.raises(AuthError) as refused:
        issuer.verify(token)
    assert refused.value.code is AuthErrorCode.TOKEN_EXPIRED


def test_a_token_without_a_type_claim_is_refused() -> None:
    token = jwt.encode(
        {
            "sub": str(uuid4()),
            "iss": "pointsmall",
            "aud": "pointsmall-api",
            "exp": 2**31,
            "iat": 0,
            "nbf": 0,
        },
        SECRET,
        algorithm="HS256",
        headers={"kid": "k1"},
    )
    with pytest.raises(AuthError) as refused:
        _issuer().verify(token)
    assert refused.value.code is AuthErrorCode.UNAUTHENTICATED
