from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from uuid import uuid4

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

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


def test_es256_keys_sign_and_an_hs256_token_with_the_public_key_is_refused(tmp_path: Path) -> None:
    # given an ES256 key pair
    private = ec.generate_private_key(ec.SECP256R1())
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (tmp_path / "private.pem").write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (tmp_path / "public.pem").write_bytes(public_pem)
    issuer = TokenIssuer(
        load_settings(
            {
                "JWT_ALGORITHM": "ES256",
                "JWT_PRIVATE_KEY_FILE": str(tmp_path / "private.pem"),
                "JWT_PUBLIC_KEY_FILE": str(tmp_path / "public.pem"),
            }
        )
    )
    claims = TokenClaims(TokenKind.STAFF, uuid4(), uuid4(), uuid4())

    # then its own tokens verify, and the classic key-confusion forgery does not
    assert issuer.verify(issuer.mint(claims, 60)) == claims
    forged = _hs256_with_public_key(public_pem.decode(), claims)
    with pytest.raises(AuthError):
        issuer.verify(forged)


def _hs256_with_public_key(public_pem: str, claims: TokenClaims) -> str:
    header = {"alg": "HS256", "typ": "JWT", "kid": "k1"}
    payload = {
        "sub": str(claims.subject),
        "typ": "staff",
        "iss": "pointsmall",
        "aud": "pointsmall-api",
        "exp": 2**31,
        "iat": 0,
        "nbf": 0,
    }

    def b64(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    signing_input = b64(json.dumps(header).encode()) + b"." + b64(json.dumps(payload).encode())
    signature = hmac.new(public_pem.encode(), signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + b64(signature)).decode()
