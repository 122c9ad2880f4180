"""The chair's workforce record form (validation only)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from marketplace.accounts.forms import REQUIRED
from marketplace.catalog.workforce import WorkforceError, parse_month
from marketplace.catalog.workforce_models import AGE_BANDS, HOURS, KINDS
from marketplace.core.forms import FlaskForm
from marketplace.core.text import squash_spaces


class MonthField(StringField):
    """A month typed as `2026-03` (the phone's month picker); its data is the first day."""

    def _value(self) -> str:
        if isinstance(self.data, date):
            return self.data.strftime("%Y-%m")
        return self.raw_data[0] if self.raw_data else ""

    def process_formdata(self, valuelist) -> None:
        self.data = None
        if valuelist:
            try:
                self.data = parse_month(valuelist[0])
            except WorkforceError as exc:
                raise ValueError(str(exc)) from exc


class WorkforceForm(FlaskForm):
    label = StringField(
        _l("Nama panggilan atau sebutan"),
        validators=[DataRequired(REQUIRED), Length(max=80)],
        filters=[squash_spaces],
    )
    kind = SelectField(_l("Status"), choices=list(KINDS.items()), validators=[InputRequired()])
    hours = SelectField(
        _l("Waktu kerja"), choices=list(HOURS.items()), validators=[InputRequired()]
    )
    start_month = MonthField(_l("Bulan mulai"), validators=[InputRequired(REQUIRED)])
    end_month = MonthField(_l("Bulan selesai (kosongkan bila masih bekerja)"), [Optional()])
    birth_year = IntegerField(_l("Tahun lahir (opsional)"), validators=[Optional()])
    age_band = SelectField(
        _l("Atau kelompok umur (opsional)"),
        choices=[("", _l("— tidak diisi —")), *AGE_BANDS.items()],
        validators=[Optional()],
    )

    def record_data(self) -> dict:
        """The fields as a plain dict for `workforce.save_record`."""
        return {
            "label": self.label.data,
            "kind": self.kind.data,
            "hours": self.hours.data,
            "start_month": self.start_month.data,
            "end_month": self.end_month.data,
            "birth_year": self.birth_year.data,
            "age_band": self.age_band.data or None,
        }
