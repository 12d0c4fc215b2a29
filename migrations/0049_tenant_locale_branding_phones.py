"""The merchant's locale and mall branding, and its points' name changeable; member phones
stored as E.164.

Phones were kept as typed, so "13900000002" and "+8613900000002" were two contacts and, once
verified, two platform wallets. Every stored phone is rewritten as E.164, read in CN (the
region of every merchant's locale so far, zh-CN); a number that does not parse is left as it
is. A platform customer is keyed by a hash of its verified phone: the customers linked through
a rewritten phone are re-keyed to the new hash, unless a customer already holds that key (the
same person's second wallet, which only an operator can merge: left as it is)."""

import hashlib
from typing import Any

import phonenumbers
from tortoise import migrations
from tortoise.migrations import operations as ops

COLUMNS = [
    "ALTER TABLE tenant ADD COLUMN locale varchar(16) NOT NULL DEFAULT 'zh-CN'",
    "ALTER TABLE tenant ADD COLUMN logo_url varchar(500)",
    "ALTER TABLE tenant ADD COLUMN primary_color varchar(7)"
    " CHECK (primary_color ~ '^#[0-9a-f]{6}$')",
    "ALTER TABLE tenant ADD COLUMN accent_color varchar(7) CHECK (accent_color ~ '^#[0-9a-f]{6}$')",
    # The owner renames its points (updateTenant): the display name only.
    "GRANT UPDATE (name) ON currency TO pointsmall_app",
]


def _e164(phone: str) -> str | None:
    try:
        number = phonenumbers.parse(phone, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _key(phone: str) -> str:
    return "id:" + hashlib.sha256(f"PHONE:{phone}".encode()).hexdigest()


async def normalise_phones(apps: Any, editor: Any) -> None:
    client = editor.client
    rows = await client.execute_query_dict(
        "SELECT id, phone, phone_verified FROM member WHERE phone IS NOT NULL"
    )
    for row in rows:
        phone = _e164(row["phone"])
        if phone is None or phone == row["phone"]:
            continue
        await client.execute_query("UPDATE member SET phone = $2 WHERE id = $1", [row["id"], phone])
        if not row["phone_verified"]:
            continue
        await client.execute_query(
            "UPDATE member c SET external_id = $2 FROM platform_link l"
            " WHERE l.member_id = $3 AND c.id = l.customer_id AND c.external_id = $1"
            " AND NOT EXISTS (SELECT 1 FROM member o WHERE o.tenant_id = c.tenant_id"
            "  AND o.external_id = $2)",
            [_key(row["phone"]), _key(phone), row["id"]],
        )


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0048_bulk_job_params")]

    operations = [ops.RunSQL(COLUMNS), ops.RunPython(normalise_phones)]
