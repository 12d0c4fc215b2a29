"""Standard Webhooks signatures (https://www.standardwebhooks.com), pure.

`webhook-signature` is `v1,<base64 HMAC-SHA256 over "{id}.{timestamp}.{body}">`, keyed with the
secret's bytes (the base64 after `whsec_`); during a rotation the old secret signs too, and the
header carries both signatures separated by a space.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(
    secrets_in_force: list[str], message_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            sign(s, message_id, timestamp, body) for s in secrets_in_force
        ),
        "content-type": "application/json",
    }
