"""Invoice payment forms (validation only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from marketplace.accounts.forms import REQUIRED
from marketplace.core.forms import FlaskForm
from marketplace.core.text import squash_spaces


class TransferReportForm(FlaskForm):
    reference = StringField(
        _l("Nomor referensi transfer"),
        validators=[DataRequired(REQUIRED), Length(3, 64)],
        filters=[squash_spaces],
    )
    paid_on = DateField(
        _l("Tanggal transfer"),
        validators=[DataRequired(_l("Isi tanggal transfer."))],
    )


class TransferDecisionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired(), AnyOf(["confirm", "reject"])])
    reason = TextAreaField(
        _l("Alasan (bila transfer belum diterima)"), validators=[Optional(), Length(max=1000)]
    )
