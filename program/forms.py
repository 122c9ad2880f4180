"""Officer forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional


class GroupDecisionForm(FlaskForm):
    action = HiddenField(
        validators=[DataRequired(), AnyOf(["verify", "reject", "suspend", "reinstate"])]
    )
    reason = TextAreaField(_l("Alasan"), validators=[Optional(), Length(max=2000)])


class InvestorDecisionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired(), AnyOf(["approve", "reject"])])
    reason = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=2000)])
