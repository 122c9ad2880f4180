"""Food permit numbers as shown on a badge: the permit's name once, then its number."""

from __future__ import annotations

import re

# What a producer may have typed before the number: the permit's name, spelled loosely.
_PREFIXES = {
    "P-IRT": re.compile(r"^\s*P\W*IRT\W*(?:NOMOR\W*|NO\W*)?", re.IGNORECASE),
    "Halal": re.compile(r"^\s*(?:SERTIFIKAT\W*)?HALAL\W*(?:NOMOR\W*|NO\W*)?", re.IGNORECASE),
}


def permit_number(number: str | None, kind: str) -> str:
    """`P-IRT 2063325001-29` → `2063325001-29` for a badge that already says "P-IRT"."""
    number = (number or "").strip()
    prefix = _PREFIXES.get(kind)
    if prefix is None:
        return number
    bare = prefix.sub("", number, count=1).strip()
    return bare or number  # a number that is only the name is shown as typed
