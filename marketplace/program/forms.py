"""Officer forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from marketplace.core.forms import FlaskForm


class GroupDecisionForm(FlaskForm):
    action = HiddenField(
        validators=[DataRequired(), AnyOf(["verify", "reject", "suspend", "reinstate"])]
    )
    reason = TextAreaField(_l("Alasan"), validators=[Optional(), Length(max=2000)])


class InvestorDecisionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired(), AnyOf(["approve", "reject"])])
    reason = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=2000)])


class TierForm(FlaskForm):
    action = HiddenField(validators=[DataRequired(), AnyOf(["promote", "demote"])])
    reason = TextAreaField(
        _l("Alasan"), validators=[DataRequired(_l("Alasan wajib diisi.")), Length(max=2000)]
    )


class VettingForm(FlaskForm):
    action = HiddenField(validators=[DataRequired(), AnyOf(["vet", "revoke"])])
    notes = TextAreaField(
        _l("Catatan penilaian"),
        validators=[DataRequired(_l("Catatan wajib diisi.")), Length(max=4000)],
    )


class VisitNoteForm(FlaskForm):
    visit_date = DateField(_l("Tanggal kunjungan"), validators=[DataRequired(_l("Isi tanggal."))])
    observations = TextAreaField(
        _l("Yang dilihat"), validators=[DataRequired(_l("Wajib diisi.")), Length(max=4000)]
    )
    advice = TextAreaField(_l("Saran yang diberikan"), validators=[Optional(), Length(max=4000)])


class PitchReviewForm(FlaskForm):
    action = HiddenField(validators=[DataRequired(), AnyOf(["approve", "return"])])
    comments = TextAreaField(_l("Komentar"), validators=[Optional(), Length(max=4000)])
