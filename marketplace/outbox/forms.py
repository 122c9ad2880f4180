"""The notification settings form: language and quiet hours.

The category x channel boxes vary per person and per server, so the view reads them from
the request (`choice_name`) instead of declaring a field for each."""

from __future__ import annotations

import re
from datetime import time

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import ValidationError

from marketplace.core.forms import FlaskForm

HHMM = re.compile(r"^([01]\d|2[0-3])[:.]([0-5]\d)$")


def parse_hhmm(text: str | None) -> time | None:
    """A time from "21:00" (or "21.00", as Indonesians write it); None when it is not one."""
    match = HHMM.match((text or "").strip())
    return time(int(match.group(1)), int(match.group(2))) if match else None


def hhmm(value: time) -> str:
    """The value a time input shows."""
    return value.strftime("%H:%M")


def _clock(form, field) -> None:
    if form.quiet_enabled.data and parse_hhmm(field.data) is None:
        raise ValidationError(_l("Isi jam dengan format JJ:MM, misalnya 21:00."))


def choice_name(category: str, channel: str) -> str:
    """The checkbox name of one category on one channel."""
    return f"c-{category}-{channel}"


class SettingsForm(FlaskForm):
    language = SelectField(
        _l("Bahasa pesan"),
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        validate_choice=False,
    )
    quiet_enabled = BooleanField(_l("Aktifkan jam tenang"))
    quiet_start = StringField(_l("Mulai (WIB)"), validators=[_clock])
    quiet_end = StringField(_l("Selesai (WIB)"), validators=[_clock])

    def validate_quiet_end(self, field) -> None:
        start, end = parse_hhmm(self.quiet_start.data), parse_hhmm(field.data)
        if self.quiet_enabled.data and start is not None and start == end:
            raise ValidationError(_l("Jam selesai harus berbeda dari jam mulai."))

    def validate_language(self, field) -> None:
        if field.data not in ("id", "en"):
            raise ValidationError(_l("Pilih bahasa Indonesia atau Inggris."))
