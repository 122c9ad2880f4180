"""Investor-side and producer-side forms (validation only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.core.forms import FlaskForm, SubForm
from marketplace.core.money import RupiahField
from marketplace.core.text import squash_spaces
from marketplace.investors.pitch_models import INTEREST_STATUSES, MAX_PITCH_AMOUNT, PARTNERSHIPS

REQUIRED = _l("Wajib diisi.")
DOCUMENT_LABELS = {
    "nib": _l("NIB (Nomor Induk Berusaha)"),
    "sk_tkm": _l("SK penetapan kelompok TKM"),
    "pirt": _l("Izin P-IRT"),
    "halal": _l("Sertifikat halal"),
    "tempat_usaha": _l("Foto tempat usaha"),
    "lainnya": _l("Dokumen lain"),
}
FUND_LINES = 6


class DocumentForm(FlaskForm):
    kind = SelectField(_l("Jenis dokumen"), choices=list(DOCUMENT_LABELS.items()))
    file = FileField(_l("Berkas (PDF atau foto, maks. 5 MB)"), validators=[FileRequired(REQUIRED)])


class FundLineForm(SubForm):
    description = StringField(
        _l("Keperluan"), validators=[Optional(), Length(max=160)], filters=[squash_spaces]
    )
    amount = RupiahField(
        _l("Jumlah (Rp)"),
        validators=[
            Optional(),
            NumberRange(1, MAX_PITCH_AMOUNT, message=_l("Jumlah tidak masuk akal.")),
        ],
    )


class PitchForm(FlaskForm):
    title = StringField(
        _l("Judul proposal"),
        validators=[DataRequired(REQUIRED), Length(5, 160)],
        filters=[squash_spaces],
    )
    amount = RupiahField(
        _l("Dana yang dicari (Rp)"),
        validators=[
            DataRequired(_l("Isi jumlah dengan angka.")),
            NumberRange(1, MAX_PITCH_AMOUNT, message=_l("Jumlah tidak masuk akal.")),
        ],
    )
    partnership = SelectField(_l("Bentuk kemitraan"), choices=list(PARTNERSHIPS.items()))
    timeline = TextAreaField(
        _l("Jadwal pelaksanaan"), validators=[DataRequired(REQUIRED), Length(max=2000)]
    )
    new_jobs = IntegerField(
        _l("Perkiraan lapangan kerja baru"),
        validators=[Optional(), NumberRange(0, 10000, message=_l("Jumlah tidak masuk akal."))],
        default=0,
    )
    description = TextAreaField(
        _l("Ringkasan usaha dan rencana"), validators=[Optional(), Length(max=5000)]
    )
    lines = FieldList(FormField(FundLineForm), min_entries=FUND_LINES, max_entries=FUND_LINES)

    def data_dict(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "amount": self.amount.data,
            "partnership": self.partnership.data,
            "timeline": self.timeline.data.strip(),
            "new_jobs": self.new_jobs.data or 0,
            "description": (self.description.data or "").strip(),
        }

    def fund_lines(self) -> list[tuple[str, int]]:
        """Filled rows only; a row with only one of its two fields counts as invalid (0)."""
        out = []
        for entry in self.lines.entries:
            desc = (entry.form.description.data or "").strip()
            amount = entry.form.amount.data
            if desc or amount:
                out.append((desc, amount or 0))
        return out


class AttachmentForm(FlaskForm):
    file = FileField(
        _l("Lampiran (PDF atau foto, maks. 5 MB)"), validators=[FileRequired(REQUIRED)]
    )


class InterestForm(FlaskForm):
    amount = RupiahField(
        _l("Jumlah indikatif (Rp, tidak mengikat)"),
        validators=[
            Optional(),
            NumberRange(1, 2_000_000_000, message=_l("Jumlah tidak masuk akal.")),
        ],
    )
    message = TextAreaField(
        _l("Pesan untuk kelompok"), validators=[DataRequired(REQUIRED), Length(max=4000)]
    )


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Balasan"), validators=[DataRequired(REQUIRED), Length(max=4000)])


class InterestStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=list(INTEREST_STATUSES.items()))
