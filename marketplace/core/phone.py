"""Indonesian mobile numbers, checked against the real numbering plan by `phonenumbers`.

`phonenumbers` (Google's libphonenumber metadata) knows which prefixes are mobile (0811…,
0857…, 0896…), how long each may be, and that 021…/024… are landlines, which WhatsApp links and
SMS cannot reach. The library is updated with the numbering plan; nothing here lists prefixes.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

# What people type: digits with spaces, dashes, dots or brackets, optionally a leading "+".
# phonenumbers alone would also read letters (vanity numbers) and numbers inside other text,
# e.g. the digits of an email address typed in the login field.
_TYPED = re.compile(r"^\+?[\d\s\-().]+$")


def normalize_phone(raw: str) -> str | None:
    """Normalise `0812…`, `+62 812…`, `62812…` to `62812…`; None if not an Indonesian mobile."""
    text = (raw or "").strip()
    if not _TYPED.match(text):
        return None
    try:
        number = phonenumbers.parse(text, "ID")
    except NumberParseException:
        return None
    if (
        number.country_code != 62
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) != PhoneNumberType.MOBILE
    ):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164).lstrip("+")
