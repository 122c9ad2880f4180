"""Forms of the mentoring pages (validation only; the rules are in program/mentoring.py)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from marketplace.catalog.forms import MultiCheckboxField
from marketplace.core.forms import FlaskForm
from marketplace.core.money import RupiahError, parse_rupiah
from marketplace.program import mentoring_states as ms

REQUIRED = _l("Wajib diisi.")
_COUNT = re.compile(r"\d{1,9}")
_STARS = re.compile(r"[1-5](?:[.,]\d{1,2})?")
_PERCENT = re.compile(r"\d{1,3}(?:\s*%)?")


class PlanForm(FlaskForm):
    title = StringField(_l("Judul rencana"), validators=[DataRequired(REQUIRED), Length(max=160)])
    summary = TextAreaField(_l("Ringkasan"), validators=[Optional(), Length(max=4000)])
    start_date = DateField(_l("Mulai"), validators=[DataRequired(_l("Isi tanggal mulai."))])
    end_date = DateField(_l("Selesai (rencana)"), validators=[Optional()])


class StatusForm(FlaskForm):
    status = HiddenField(validators=[DataRequired()])


def parse_target(kind: str, text: str | None) -> int | None:
    """The target as stored, from what an officer typed (raises ValueError with a message).

    orders: a count; revenue_month: Rupiah (`5.000.000`); rating: stars `4,5` → 450;
    on_time: percent `90` or `90 %`; certificates: a count; permit and manual: none.
    """
    raw = (text or "").strip()
    if kind in (ms.PERMIT, ms.MANUAL):
        return None
    if not raw:
        raise ValueError(_l("Isi nilai target."))
    if kind == ms.REVENUE_MONTH:
        try:
            return parse_rupiah(raw)
        except RupiahError as exc:
            raise ValueError(exc.args[0]) from exc
    if kind == ms.RATING:
        if not _STARS.fullmatch(raw):
            raise ValueError(_l("Tulis bintang 1 sampai 5, misalnya 4,5."))
        try:
            stars = Decimal(raw.replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover - the pattern already checked
            raise ValueError(_l("Tulis bintang 1 sampai 5, misalnya 4,5.")) from exc
        if stars > 5:
            raise ValueError(_l("Tulis bintang 1 sampai 5, misalnya 4,5."))
        return int(stars * 100)
    if kind == ms.ON_TIME:
        if not _PERCENT.fullmatch(raw) or not 1 <= int(raw.rstrip("% ")) <= 100:
            raise ValueError(_l("Tulis persen 1 sampai 100, misalnya 90."))
        return int(raw.rstrip("% "))
    if kind == ms.CERTIFICATES:
        if not _COUNT.fullmatch(raw) or int(raw) == 0:
            raise ValueError(_l("Tulis jumlah sertifikat dengan angka, misalnya 5."))
        return int(raw)
    if not _COUNT.fullmatch(raw) or int(raw) == 0:
        raise ValueError(_l("Tulis jumlah pesanan dengan angka, misalnya 20."))
    return int(raw)


class GoalForm(FlaskForm):
    kind = SelectField(
        _l("Jenis target"),
        choices=list(ms.GOAL_KINDS.items()),
        validators=[DataRequired(REQUIRED)],
    )
    title = StringField(_l("Keterangan"), validators=[Length(max=200)])
    target = StringField(_l("Nilai target"), validators=[Length(max=40)])
    permit = SelectField(
        _l("Izin"),
        choices=[("", "—")] + [(k, v[0]) for k, v in ms.PERMITS.items()],
        validators=[Optional()],
    )
    start_month = DateField(_l("Dihitung mulai bulan"), format="%Y-%m", validators=[Optional()])
    deadline = DateField(_l("Tenggat"), validators=[DataRequired(_l("Isi tenggat."))])

    def validate_target(self, field):
        try:
            self.parsed_target = parse_target(self.kind.data, field.data)
        except ValueError as exc:
            raise ValidationError(str(exc.args[0])) from exc

    def validate_permit(self, field):
        if self.kind.data == ms.PERMIT and field.data not in ms.PERMITS:
            raise ValidationError(_l("Pilih izin yang menjadi target."))

    def validate_title(self, field):
        if self.kind.data == ms.MANUAL and not (field.data or "").strip():
            raise ValidationError(_l("Tulis targetnya."))


class GoalDoneForm(FlaskForm):
    note = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=2000)])


class SessionForm(FlaskForm):
    session_date = DateField(_l("Tanggal"), validators=[DataRequired(_l("Isi tanggal."))])
    topic = StringField(_l("Topik"), validators=[DataRequired(REQUIRED), Length(max=200)])
    attendees_count = IntegerField(
        _l("Jumlah peserta"), validators=[Optional(), NumberRange(0, 1000)]
    )
    attendee_names = TextAreaField(
        _l("Nama peserta (boleh kosong)"), validators=[Optional(), Length(max=2000)]
    )
    notes = TextAreaField(_l("Catatan sesi"), validators=[DataRequired(REQUIRED), Length(max=4000)])
    advice = TextAreaField(_l("Saran yang diberikan"), validators=[Optional(), Length(max=4000)])
    goals = MultiCheckboxField(_l("Target yang dibahas"), coerce=int, validators=[Optional()])


class FollowUpForm(FlaskForm):
    action = StringField(_l("Tindak lanjut"), validators=[DataRequired(REQUIRED), Length(max=300)])
    due_date = DateField(_l("Tenggat"), validators=[DataRequired(_l("Isi tenggat."))])
    session_id = SelectField(_l("Dari sesi"), coerce=int, validators=[Optional()])


class DoneForm(FlaskForm):
    """A bare button (CSRF only)."""
