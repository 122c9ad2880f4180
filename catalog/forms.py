"""Catalog forms (validation only)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from accounts.forms import REQUIRED, indonesian_mobile
from catalog.constants import CATEGORIES
from marketplace.core.regions import KECAMATAN


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class GroupForm(FlaskForm):
    name = StringField(_l("Nama kelompok"), validators=[DataRequired(REQUIRED), Length(3, 120)])
    sectors = MultiCheckboxField(
        _l("Bidang usaha"),
        choices=list(CATEGORIES.items()),
        validators=[DataRequired(_l("Pilih minimal satu bidang usaha."))],
    )
    kecamatan = SelectField(
        _l("Kecamatan"),
        choices=[("", _l("— pilih kecamatan —"))] + [(k, k) for k in KECAMATAN],
        validators=[DataRequired(_l("Pilih kecamatan."))],
    )
    village = StringField(_l("Desa/kelurahan"), validators=[DataRequired(REQUIRED), Length(max=80)])
    address = StringField(_l("Alamat"), validators=[DataRequired(REQUIRED), Length(max=255)])
    aid_year = IntegerField(
        _l("Tahun menerima bantuan TKM"),
        validators=[
            DataRequired(_l("Isi tahun dengan angka.")),
            NumberRange(2000, date.today().year, message=_l("Tahun tidak masuk akal.")),
        ],
    )
    member_count = IntegerField(
        _l("Jumlah anggota"),
        validators=[
            DataRequired(_l("Isi jumlah anggota dengan angka.")),
            NumberRange(1, 500, message=_l("Jumlah anggota 1 sampai 500.")),
        ],
    )
    nib = StringField(
        _l("NIB (Nomor Induk Berusaha)"),
        validators=[
            DataRequired(REQUIRED),
            Regexp(r"^\d{13}$", message=_l("NIB harus tepat 13 angka.")),
        ],
    )
    pirt_number = StringField(_l("Nomor P-IRT (opsional)"), validators=[Optional(), Length(max=40)])
    halal_number = StringField(
        _l("Nomor sertifikat halal (opsional)"), validators=[Optional(), Length(max=40)]
    )
    whatsapp = TelField(
        _l("Nomor WhatsApp kelompok"), validators=[DataRequired(REQUIRED), indonesian_mobile]
    )
    description = TextAreaField(_l("Deskripsi"), validators=[Optional(), Length(max=4000)])

    def profile_data(self) -> dict:
        """The profile fields as a plain dict for the service."""
        return {
            k: getattr(self, k).data
            for k in (
                "name",
                "kecamatan",
                "village",
                "address",
                "aid_year",
                "member_count",
                "nib",
                "pirt_number",
                "halal_number",
                "whatsapp",
                "description",
            )
        } | {"description": self.description.data or ""}


class JoinGroupForm(FlaskForm):
    code = StringField(_l("Kode undangan"), validators=[DataRequired(REQUIRED), Length(4, 16)])
