"""Deal forms (validation only): terms, moves, disbursements, repayments, updates."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    FieldList,
    FormField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from marketplace.core.forms import FlaskForm, SubForm
from marketplace.core.money import RupiahField
from marketplace.investors.deal_models import MAX_DEAL_AMOUNT
from marketplace.investors.deals import MAX_TRANCHES, Terms
from marketplace.investors.repayments import INSTRUMENTS

REQUIRED = _l("Wajib diisi.")
AMOUNT_RANGE = NumberRange(1, MAX_DEAL_AMOUNT, message=_l("Jumlah tidak masuk akal."))


def percent_to_bps(text: str | None) -> int | None:
    """`12`, `2,5` or `2.5` (percent) → hundredths of a percent; None when empty."""
    text = (text or "").strip().replace(",", ".").rstrip("%").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    bps = value * 100
    if bps != bps.to_integral_value() or not value.is_finite():
        raise ValueError(text)
    return int(bps)


class PercentField(StringField):
    """A percentage with at most two decimals, kept as basis points in `bps`."""

    bps: int | None = None

    def pre_validate(self, form) -> None:
        try:
            self.bps = percent_to_bps(self.data)
        except ValueError as exc:
            raise ValidationError(_l("Tulis persen dengan angka, misalnya 12 atau 2,5.")) from exc


class TrancheForm(SubForm):
    amount = RupiahField(_l("Jumlah tahap (Rp)"), validators=[Optional(), AMOUNT_RANGE])
    planned_on = DateField(_l("Tanggal rencana"), validators=[Optional()])


class DealForm(FlaskForm):
    instrument = SelectField(_l("Bentuk pendanaan"), choices=list(INSTRUMENTS.items()))
    amount = RupiahField(
        _l("Jumlah dana (Rp)"),
        validators=[DataRequired(_l("Isi jumlah dengan angka.")), AMOUNT_RANGE],
    )
    tranches = FieldList(FormField(TrancheForm), min_entries=3, max_entries=MAX_TRANCHES)
    term_months = IntegerField(
        _l("Jangka waktu (bulan)"),
        validators=[Optional(), NumberRange(0, 120, message=_l("Jangka waktu 0 sampai 120."))],
    )
    rate = PercentField(_l("Bunga flat per tahun (%, untuk pinjaman)"))
    share = PercentField(_l("Bagian dari omzet bulanan (%, untuk bagi hasil)"))
    first_due_on = DateField(_l("Jatuh tempo pertama"), validators=[Optional()])
    notes = TextAreaField(_l("Catatan kesepakatan"), validators=[Optional(), Length(max=4000)])

    def terms(self) -> Terms:
        rows = []
        for entry in self.tranches.entries:
            amount, day = entry.form.amount.data, entry.form.planned_on.data
            if amount or day:
                rows.append((amount or 0, day))
        return Terms(
            instrument=self.instrument.data,
            amount=self.amount.data,
            tranches=rows,
            term_months=self.term_months.data or 0,
            rate_bps=self.rate.bps or 0,
            share_bps=self.share.bps or 0,
            first_due_on=self.first_due_on.data,
            notes=self.notes.data or "",
        )

    def fill(self, deal) -> None:
        """Start from an existing proposal's terms (a counter-proposal edits them)."""
        self.instrument.data, self.amount.data = deal.instrument, deal.amount
        self.term_months.data, self.first_due_on.data = deal.term_months, deal.first_due_on
        self.rate.data = _percent(deal.rate_bps) if deal.rate_bps else ""
        self.share.data = _percent(deal.share_bps) if deal.share_bps else ""
        self.notes.data = deal.notes
        for entry, t in zip(self.tranches.entries, deal.tranches, strict=False):
            entry.form.amount.data, entry.form.planned_on.data = t.amount, t.planned_on


def _percent(bps: int) -> str:
    return str((Decimal(bps) / 100).normalize())


class MoveForm(FlaskForm):
    reason = TextAreaField(_l("Alasan (wajib bila membatalkan)"), validators=[Length(max=2000)])


class DisbursementForm(FlaskForm):
    disbursed_on = DateField(
        _l("Tanggal transfer"), validators=[DataRequired(_l("Isi tanggal transfer."))]
    )
    reference = StringField(
        _l("Nomor referensi transfer"), validators=[DataRequired(REQUIRED), Length(max=64)]
    )
    proof = FileField(
        _l("Bukti transfer (foto atau PDF, maks. 5 MB)"), validators=[FileRequired(REQUIRED)]
    )


class RepaymentForm(FlaskForm):
    instalment = SelectField(_l("Angsuran"), coerce=int, validate_choice=False)
    amount = RupiahField(
        _l("Jumlah dibayar (Rp)"),
        validators=[DataRequired(_l("Isi jumlah dengan angka.")), AMOUNT_RANGE],
    )
    paid_on = DateField(
        _l("Tanggal transfer"), validators=[DataRequired(_l("Isi tanggal transfer."))]
    )
    reference = StringField(
        _l("Nomor referensi transfer"), validators=[DataRequired(REQUIRED), Length(max=64)]
    )
    proof = FileField(_l("Bukti transfer (opsional, foto atau PDF)"))


class UpdateForm(FlaskForm):
    body = TextAreaField(
        _l("Apa yang sudah dibeli atau dikerjakan dengan dana ini"),
        validators=[DataRequired(REQUIRED), Length(max=4000)],
    )
    jobs_added = IntegerField(
        _l("Lapangan kerja baru (orang)"),
        validators=[Optional(), NumberRange(0, 10000, message=_l("Jumlah tidak masuk akal."))],
        default=0,
    )
    photos = MultipleFileField(_l("Foto (JPEG, PNG atau WebP, paling banyak 4)"))


class OfficerDealForm(FlaskForm):
    action = SelectField(
        _l("Keputusan"),
        choices=[
            ("confirm", _l("Konfirmasi")),
            ("cancel", _l("Batalkan")),
            ("complete", _l("Tutup sebagai selesai")),
        ],
    )
    note = TextAreaField(_l("Catatan / alasan"), validators=[Length(max=2000)])
