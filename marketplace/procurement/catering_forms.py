"""Catering forms (validation only): the company's proposal, a day's count, a status move."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from marketplace.accounts.forms import REQUIRED
from marketplace.catalog.forms import MultiCheckboxField
from marketplace.core.forms import FlaskForm
from marketplace.core.money import RupiahField
from marketplace.core.text import squash_spaces
from marketplace.procurement.catering import COMPANY_ACTIONS, GROUP_ACTIONS, MAX_COUNT

DAY_NAMES = [
    _l("Senin"),
    _l("Selasa"),
    _l("Rabu"),
    _l("Kamis"),
    _l("Jumat"),
    _l("Sabtu"),
    _l("Minggu"),
]
CUTOFF_HOURS = range(6, 22)
PRICE_RANGE = _l("Harga per porsi Rp 1.000 sampai Rp 1.000.000.")
COUNT_RANGE = _l("Jumlah porsi 0 sampai %(max)s.", max=MAX_COUNT)


class CateringForm(FlaskForm):
    group_id = SelectField(
        _l("Kelompok katering"),
        coerce=int,
        validators=[InputRequired(_l("Pilih kelompok."))],
        validate_choice=True,
    )
    menu = StringField(
        _l("Menu"),
        validators=[DataRequired(REQUIRED), Length(3, 200)],
        filters=[squash_spaces],
    )
    unit_price = RupiahField(
        _l("Harga per porsi (Rp)"),
        validators=[
            DataRequired(REQUIRED),
            NumberRange(
                1000, 1_000_000, message=_l("Harga per porsi Rp 1.000 sampai Rp 1.000.000.")
            ),
        ],
    )
    count_per_day = IntegerField(
        _l("Jumlah porsi per hari"),
        validators=[
            InputRequired(REQUIRED),
            NumberRange(1, MAX_COUNT, message=_l("Jumlah porsi 1 sampai %(max)s.", max=MAX_COUNT)),
        ],
    )
    days = MultiCheckboxField(
        _l("Hari layanan"),
        choices=[(str(i), name) for i, name in enumerate(DAY_NAMES)],
        validators=[DataRequired(_l("Pilih minimal satu hari."))],
        default=["0", "1", "2", "3", "4"],
    )
    point_id = SelectField(_l("Titik antar (gerbang)"), coerce=int, validate_choice=True)
    window_id = SelectField(_l("Jam shift"), coerce=int, validate_choice=True)
    starts_on = DateField(_l("Mulai tanggal"), validators=[InputRequired(REQUIRED)])
    ends_on = DateField(_l("Sampai tanggal"), validators=[InputRequired(REQUIRED)])
    cutoff_hour = SelectField(
        _l("Batas ubah jumlah (sehari sebelumnya)"),
        coerce=int,
        choices=[(h, f"{h:02d}.00 WIB") for h in CUTOFF_HOURS],  # shown by the view's locale
        default=15,
        validate_choice=True,
    )


class CountForm(FlaskForm):
    day = DateField(validators=[InputRequired(_l("Tanggal tidak valid."))])
    count = IntegerField(
        _l("Jumlah porsi"),
        validators=[InputRequired(COUNT_RANGE), NumberRange(0, MAX_COUNT, message=COUNT_RANGE)],
    )


class CompanyActionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired(), AnyOf(list(COMPANY_ACTIONS))])
    reason = TextAreaField(_l("Alasan"), validators=[Optional(), Length(max=500)])


class GroupActionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired(), AnyOf(list(GROUP_ACTIONS))])
    reason = TextAreaField(_l("Alasan"), validators=[Optional(), Length(max=500)])


ACTION_LABELS = {
    "accept": _l("Terima kontrak"),
    "decline": _l("Tolak"),
    "pause": _l("Jeda"),
    "resume": _l("Lanjutkan"),
    "end": _l("Akhiri kontrak"),
    "cancel": _l("Hentikan kontrak"),
}
