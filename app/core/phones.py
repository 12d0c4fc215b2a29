"""Phone numbers as E.164 (+8613900000002), so one person's number is one string whichever
way it was typed: "13900000002", "139 0000 0002" and "+86 139 0000 0002" are the same member
contact and reach the same platform wallet. Read with Google's libphonenumber data
(phonenumberslite); a number without a +country code is read in the merchant's region."""

from __future__ import annotations

import phonenumbers


def e164(text: str, region: str | None) -> str | None:
    """The number in E.164, or None when it is not a valid number (for `region`, when it has
    no country code; without a region such a number is refused)."""
    try:
        number = phonenumbers.parse(text.strip(), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
