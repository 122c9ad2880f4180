"""NPWP (Nomor Pokok Wajib Pajak), the tax number on every company, PO and invoice.

Stored as plain digits: the old 15-digit form (`01.234.567.8-901.000`) or the 16-digit form
(a NIK-based NPWP since 2024). People type it with dots, dashes and spaces; those go.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-]+")
_DIGITS = re.compile(r"\d{15}|\d{16}")


def normalize_npwp(text: str | None) -> str | None:
    """`"01.234.567.8-901.000"` → `"012345678901000"`; None when it is not 15 or 16 digits."""
    raw = _SEPARATORS.sub("", text or "")
    if not raw.isascii() or not _DIGITS.fullmatch(raw):
        return None
    return raw


def format_npwp(npwp: str | None) -> str:
    """Digits as people read them: `01.234.567.8-901.000` (15), or as is (16 digits)."""
    if not npwp:
        return "-"
    if len(npwp) == 15:
        d = npwp
        return f"{d[:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.{d[12:]}"
    return npwp
