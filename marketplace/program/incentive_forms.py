"""Forms for aid records and incentive rounds (validation only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from marketplace.catalog.aid_models import AID_KINDS, AID_SOURCES
from marketplace.core.forms import FlaskForm
from marketplace.core.money import RupiahField
from marketplace.program.incentive_figures import CRITERIA

MAX_AMOUNT = 100_000_000_000  # Rp 100 miliar: beyond any aid or incentive
REQUIRED = _l("Wajib diisi.")


class AidForm(FlaskForm):
    year = IntegerField(
        _l("Tahun bantuan"),
        validators=[
            DataRequired(_l("Isi tahun dengan angka.")),
            NumberRange(2000, 2100, message=_l("Tahun tidak masuk akal.")),
        ],
    )
    kind = SelectField(
        _l("Jenis bantuan"),
        choices=list(AID_KINDS.items()),
        validators=[DataRequired(_l("Pilih jenis bantuan."))],
    )
    amount = RupiahField(
        _l("Nilai bantuan (Rp)"),
        validators=[
            DataRequired(_l("Isi nilai bantuan dalam Rupiah.")),
            NumberRange(1, MAX_AMOUNT, message=_l("Nilai bantuan tidak masuk akal.")),
        ],
    )
    source = SelectField(
        _l("Sumber bantuan"),
        choices=list(AID_SOURCES.items()),
        validators=[DataRequired(_l("Pilih sumber bantuan."))],
    )
    source_name = StringField(
        _l("Nama pemberi (mis. nama perusahaan CSR, opsional)"),
        validators=[Optional(), Length(max=120)],
    )
    received_on = DateField(_l("Tanggal diterima (opsional)"), validators=[Optional()])
    note = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=2000)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan"), validators=[DataRequired(_l("Alasan wajib diisi.")), Length(max=2000)]
    )


class RoundForm(FlaskForm):
    name = StringField(_l("Nama putaran"), validators=[DataRequired(REQUIRED), Length(max=120)])
    cutoff = DateField(
        _l("Tanggal batas data"), validators=[DataRequired(_l("Isi tanggal batas."))]
    )
    budget = RupiahField(
        _l("Anggaran (Rp, boleh dikosongkan)"),
        validators=[Optional(), NumberRange(0, MAX_AMOUNT, _l("Anggaran tidak masuk akal."))],
    )

    def weights(self) -> dict[str, int]:
        """{criterion key: weight} of the criteria given a weight."""
        return {k: self[f"w_{k}"].data for k in CRITERIA if self[f"w_{k}"].data}


for _key, (_label, _how, _kind) in CRITERIA.items():
    setattr(
        RoundForm,
        f"w_{_key}",
        IntegerField(
            _label,
            validators=[
                Optional(),
                NumberRange(0, 100, message=_l("Bobot 0 sampai 100 (0 = tidak dipakai).")),
            ],
        ),
    )


class DecisionForm(FlaskForm):
    group_id = HiddenField(validators=[DataRequired()])
    award = RadioField(
        _l("Keputusan"),
        choices=[("yes", _l("Menerima insentif")), ("no", _l("Tidak menerima"))],
        validators=[DataRequired(_l("Pilih keputusan.")), AnyOf(["yes", "no"])],
    )
    amount = RupiahField(
        _l("Jumlah insentif (Rp)"),
        validators=[Optional(), NumberRange(0, MAX_AMOUNT, _l("Jumlah tidak masuk akal."))],
    )
    reason = TextAreaField(
        _l("Alasan"), validators=[DataRequired(_l("Alasan wajib diisi.")), Length(max=2000)]
    )


class GivenForm(FlaskForm):
    group_id = HiddenField(validators=[DataRequired()])
    given_on = DateField(
        _l("Tanggal diserahkan"), validators=[DataRequired(_l("Isi tanggal penyerahan."))]
    )


class ActionForm(FlaskForm):
    """A button with nothing but the CSRF token (compute, finish decisions, close)."""
