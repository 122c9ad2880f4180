"""Indonesian mobile numbers."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"^628\d{7,11}$")


def normalize_phone(raw: str) -> str | None:
    """Normalise `0812…`, `+62 812…`, `62812…` to `62812…`; None if not an Indonesian mobile."""
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        return None
    if digits.startswith("08"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits if _MOBILE.match(digits) else None
