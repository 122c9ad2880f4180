"""Payment forms (officers)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.core.forms import FlaskForm
from marketplace.core.money import RupiahField


class PayoutForm(FlaskForm):
    amount = RupiahField(
        _l("Jumlah (Rp)"),
        validators=[
            DataRequired(_l("Isi jumlah dengan angka.")),
            NumberRange(1, 1_000_000_000, message=_l("Jumlah tidak masuk akal.")),
        ],
    )
    reference = StringField(
        _l("Nomor referensi transfer"),
        validators=[DataRequired(_l("Wajib diisi.")), Length(max=64)],
    )
    note = StringField(_l("Catatan"), validators=[Optional(), Length(max=255)])
