"""Procurement forms (validation only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from marketplace.accounts.forms import REQUIRED
from marketplace.catalog.forms import MultiCheckboxField
from marketplace.core.forms import FlaskForm
from marketplace.core.money import RupiahField
from marketplace.core.text import squash_spaces
from marketplace.procurement.models import COMPANY_ROLES
from marketplace.procurement.npwp import normalize_npwp

MAX_THRESHOLD = 10_000_000_000  # Rp 10 miliar


def _npwp(form, field) -> None:
    if normalize_npwp(field.data) is None:
        raise ValidationError(_l("NPWP harus 15 atau 16 angka, misalnya 01.234.567.8-901.000."))


class CompanyForm(FlaskForm):
    name = StringField(
        _l("Nama perusahaan"),
        validators=[DataRequired(REQUIRED), Length(3, 160)],
        filters=[squash_spaces],
    )
    npwp = StringField(_l("NPWP perusahaan"), validators=[DataRequired(REQUIRED), _npwp])
    address = TextAreaField(
        _l("Alamat di kawasan"), validators=[DataRequired(REQUIRED), Length(5, 500)]
    )
    is_pkp = RadioField(
        _l("Pengusaha Kena Pajak (PKP)?"),
        choices=[("yes", _l("Ya, PKP")), ("no", _l("Bukan PKP"))],
        validators=[DataRequired(_l("Pilih salah satu."))],
        default="no",
    )


class MemberForm(FlaskForm):
    email = EmailField(
        _l("Email akun staf"),
        validators=[DataRequired(REQUIRED), Email(_l("Email tidak valid.")), Length(max=254)],
    )
    roles = MultiCheckboxField(
        _l("Peran"),
        choices=list(COMPANY_ROLES.items()),
        validators=[DataRequired(_l("Pilih minimal satu peran."))],
    )


class ThresholdForm(FlaskForm):
    approval_threshold = RupiahField(
        _l("PO di atas jumlah ini perlu persetujuan (Rp)"),
        validators=[
            Optional(),
            NumberRange(0, MAX_THRESHOLD, message=_l("Batas 0 sampai Rp 10.000.000.000.")),
        ],
    )


class CompanyDecisionForm(FlaskForm):
    action = HiddenField(
        validators=[DataRequired(), AnyOf(["verify", "reject", "suspend", "reinstate"])]
    )
    reason = TextAreaField(_l("Alasan"), validators=[Optional(), Length(max=2000)])


class TaxProfileForm(FlaskForm):
    """The group's NPWP and PKP status (the chair edits it)."""

    npwp = StringField(
        _l("NPWP kelompok"), validators=[Optional(), Length(max=32), _npwp], filters=[squash_spaces]
    )
    is_pkp = RadioField(
        _l("Pengusaha Kena Pajak (PKP)?"),
        choices=[("yes", _l("Ya, PKP")), ("no", _l("Bukan PKP"))],
        validators=[DataRequired(_l("Pilih salah satu."))],
        default="no",
    )
