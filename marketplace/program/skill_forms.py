"""The officer's form for a certificate decision (validation only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from marketplace.core.forms import FlaskForm


class CertificateDecisionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired(), AnyOf(["verify", "reject"])])
    reason = TextAreaField(
        _l("Alasan (wajib bila ditolak)"), validators=[Optional(), Length(max=2000)]
    )
