"""Catalog forms (validation only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    widgets,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from marketplace.accounts.forms import REQUIRED, indonesian_mobile
from marketplace.catalog.constants import CATEGORIES
from marketplace.catalog.groups import PROFILE_FIELDS
from marketplace.catalog.product_models import MAX_PRICE, UNITS
from marketplace.core.forms import FlaskForm
from marketplace.core.money import RupiahField
from marketplace.core.regions import KECAMATAN
from marketplace.core.text import squash_spaces


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class GroupForm(FlaskForm):
    name = StringField(
        _l("Nama kelompok"),
        validators=[DataRequired(REQUIRED), Length(3, 120)],
        filters=[squash_spaces],
    )
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
    village = StringField(
        _l("Desa/kelurahan"),
        validators=[DataRequired(REQUIRED), Length(max=80)],
        filters=[squash_spaces],
    )
    address = StringField(_l("Alamat"), validators=[DataRequired(REQUIRED), Length(max=255)])
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
        return {k: getattr(self, k).data for k in PROFILE_FIELDS} | {
            "description": self.description.data or ""
        }


class JoinGroupForm(FlaskForm):
    code = StringField(_l("Kode undangan"), validators=[DataRequired(REQUIRED), Length(4, 16)])


class ProductForm(FlaskForm):
    name = StringField(
        _l("Nama produk"),
        validators=[DataRequired(REQUIRED), Length(3, 120)],
        filters=[squash_spaces],
    )
    category = SelectField(
        _l("Kategori"),
        choices=[("", _l("— pilih kategori —"))] + list(CATEGORIES.items()),
        validators=[DataRequired(_l("Pilih kategori."))],
    )
    description = TextAreaField(_l("Deskripsi"), validators=[Optional(), Length(max=4000)])
    price = RupiahField(
        _l("Harga (Rp)"),
        message=_l("Harga harus angka Rupiah tanpa sen, misalnya 15000."),
        validators=[
            InputRequired(_l("Isi harga dalam Rupiah.")),
            NumberRange(
                1, MAX_PRICE, message=_l("Harga di atas 0 dan paling banyak Rp 100.000.000.")
            ),
        ],
    )
    unit = SelectField(_l("Satuan"), choices=[(u, u) for u in UNITS], default="pcs")
    sale_type = RadioField(
        _l("Cara jual"),
        choices=[
            ("ready", _l("Stok siap")),
            ("preorder", _l("Pre-order (dibuat setelah dipesan)")),
        ],
        default="ready",
    )
    stock = IntegerField(
        _l("Stok"),
        default=0,
        validators=[
            InputRequired(_l("Isi stok dengan angka (0 jika habis).")),
            NumberRange(0, 1_000_000, message=_l("Stok 0 sampai 1.000.000.")),
        ],
    )
    min_order = IntegerField(
        _l("Minimal pesan"),
        default=1,
        validators=[
            InputRequired(_l("Isi minimal pesan dengan angka.")),
            NumberRange(1, 100_000, message=_l("Minimal pesan paling sedikit 1.")),
        ],
    )
    lead_time_days = IntegerField(
        _l("Lama pengerjaan pre-order (hari)"),
        default=0,
        validators=[
            Optional(),
            NumberRange(0, 90, message=_l("Lama pengerjaan 0 sampai 90 hari.")),
        ],
    )
    photos = MultipleFileField(_l("Foto produk (JPEG, PNG atau WebP, paling banyak 5)"))

    def validate_lead_time_days(self, field):
        if self.sale_type.data == "preorder" and not field.data:
            raise ValidationError(_l("Isi lama pengerjaan untuk produk pre-order."))

    def product_data(self) -> dict:
        return {
            "name": self.name.data,
            "category": self.category.data,
            "description": self.description.data or "",
            "price": self.price.data,
            "unit": self.unit.data,
            "stock": self.stock.data,
            "min_order": self.min_order.data,
            "is_preorder": self.sale_type.data == "preorder",
            "lead_time_days": self.lead_time_days.data or 0,
        }


class PhotoUploadForm(FlaskForm):
    photos = MultipleFileField(_l("Tambah foto"))
