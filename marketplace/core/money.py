"""Reading Rupiah amounts typed by people: one parser and one form field for every money input.

People write `50000`, `50.000`, `Rp 50.000,-` or `50 000`; the dots (or commas, or spaces)
group thousands and never mark cents, so `1.5` or `1,5` is refused instead of being read as
Rp 15 (what stripping the dots used to do).
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

NOT_RUPIAH = _l("Tulis jumlah Rupiah dengan angka, misalnya 15000 atau 15.000.")
NO_CENTS = _l("Rupiah tidak memakai sen: tulis angka bulat, misalnya 15.000 (bukan 1,5).")

MAX_DIGITS = 15  # beyond any amount the site stores; ranges are each field's validators
_PLAIN = re.compile(r"\d+")
# groups of three after the first, all with the same separator: 1.500 / 50.000.000 / 1,500
_GROUPED = re.compile(r"\d{1,3}(?P<sep>[.,\s])\d{3}(?:(?P=sep)\d{3})*")
_DECIMAL_LIKE = re.compile(r"[\d.,\s]*\d[.,](?:\d{1,2}|\d{4,})")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class RupiahError(ValueError):
    """The text is not a whole Rupiah amount; the message says why, for the user."""


def parse_rupiah(text: str | None) -> int | None:
    """`"Rp 50.000.000"` → 50000000; empty → None; raises RupiahError for `1.5` or `abc`."""
    raw = _SPACES.sub(" ", (text or "").strip())
    if raw[:2].lower() == "rp":
        raw = raw[2:].lstrip(". ")
    for suffix in (",-", ".-", ",–"):
        raw = raw.removesuffix(suffix)
    raw = raw.strip()
    if not raw:
        return None
    if _PLAIN.fullmatch(raw) or _GROUPED.fullmatch(raw):
        digits = re.sub(r"\D", "", raw)
        if len(digits) <= MAX_DIGITS:
            return int(digits)
        raise RupiahError(NOT_RUPIAH)
    if _DECIMAL_LIKE.fullmatch(raw):
        raise RupiahError(NO_CENTS)
    raise RupiahError(NOT_RUPIAH)


class RupiahField(IntegerField):
    """Whole Rupiah typed as text (`15000`, `15.000`, `Rp 15.000,-`); empty is None.

    `message` replaces the "not a number" text for one field; a decimal is always refused with
    the "no cents" message. Ranges and required-ness are the field's validators.
    """

    widget = TextInput()

    def __init__(self, *args: Any, message: str | None = None, **kwargs: Any) -> None:
        render_kw = {"inputmode": "numeric", "autocomplete": "off"} | (
            kwargs.pop("render_kw", None) or {}
        )
        super().__init__(*args, render_kw=render_kw, **kwargs)
        self.message = message

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        try:
            self.data = parse_rupiah(valuelist[0])
        except RupiahError as exc:
            self.data = None
            if self.message is not None and exc.args[0] is NOT_RUPIAH:
                raise ValueError(self.message) from exc
            raise ValueError(exc.args[0]) from exc

    def pre_validate(self, form: Any) -> None:
        # A typing mistake is the one message to show: without this, DataRequired would
        # replace it with "fill in a number" and NumberRange would add "out of range".
        if self.process_errors:
            raise StopValidation()
