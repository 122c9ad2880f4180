"""Forms of requests for quotation and of quotes (validation only).

A request's items are rows of one sub-form; which of its fields count depends on the
category: uniforms (konveksi) a size breakdown and the logo, meals (makanan-minuman) a menu,
a count per day and the days of the week, anything else a free-text specification.
`RfqForm.cleaned_items()` turns the filled rows into `ItemInput`s or adds the errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from marketplace.accounts.forms import REQUIRED
from marketplace.catalog.constants import CATEGORIES
from marketplace.catalog.forms import MultiCheckboxField
from marketplace.core.forms import FlaskForm, SubForm
from marketplace.core.money import RupiahField
from marketplace.core.text import squash_spaces
from marketplace.orders.logistics import now_wib
from marketplace.procurement import states

GARMENT = "konveksi"
MEALS = "makanan-minuman"
SIZES = ("S", "M", "L", "XL", "XXL")
LOGOS = {"none": _l("Tanpa logo"), "bordir": _l("Bordir"), "sablon": _l("Sablon")}
UNIT_LABELS = {
    "pcs": _l("pcs"),
    "stel": _l("stel"),
    "kotak": _l("kotak"),
    "porsi": _l("porsi"),
    "paket": _l("paket"),
    "lusin": _l("lusin"),
    "kodi": _l("kodi"),
}
DAYS = (
    _l("Senin"),
    _l("Selasa"),
    _l("Rabu"),
    _l("Kamis"),
    _l("Jumat"),
    _l("Sabtu"),
    _l("Minggu"),
)
ITEM_ROWS = 3
MAX_ITEMS = 10
MAX_FILES = 5
MAX_BUDGET = 100_000_000_000  # Rp 100 miliar
MAX_QTY = 1_000_000
MAX_PRICE = 1_000_000_000
COUNT = NumberRange(0, MAX_QTY, message=_l("Jumlah 0 sampai 1.000.000."))
POSITIVE = NumberRange(1, MAX_QTY, message=_l("Jumlah 1 sampai 1.000.000."))


def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))


def logo_label(logo: str) -> str:
    return str(LOGOS.get(logo, logo))


def day_label(day: int) -> str:
    return str(DAYS[day]) if 0 <= day < len(DAYS) else str(day)


def status_label(kind: str, status: str) -> str:
    """A request's or quote's status as the reader should see it."""
    return states.label(kind, status)


@dataclass
class ItemInput:
    name: str
    quantity: int
    unit: str
    spec: dict = field(default_factory=dict)


class ItemForm(SubForm):
    name = StringField(_l("Barang"), validators=[Optional(), Length(max=160)])
    quantity = IntegerField(
        _l("Jumlah"),
        validators=[Optional(), POSITIVE],
    )
    unit = SelectField(_l("Satuan"), choices=list(UNIT_LABELS.items()), default="pcs")
    size_S = IntegerField("S", validators=[Optional(), COUNT])
    size_M = IntegerField("M", validators=[Optional(), COUNT])
    size_L = IntegerField("L", validators=[Optional(), COUNT])
    size_XL = IntegerField("XL", validators=[Optional(), COUNT])
    size_XXL = IntegerField("XXL", validators=[Optional(), COUNT])
    logo = SelectField(_l("Logo"), choices=list(LOGOS.items()), default="none")
    logo_note = StringField(_l("Catatan logo"), validators=[Optional(), Length(max=300)])
    per_day = IntegerField(
        _l("Jumlah per hari"),
        validators=[Optional(), POSITIVE],
    )
    days = MultiCheckboxField(
        _l("Hari"), choices=[(str(i), label) for i, label in enumerate(DAYS)], validate_choice=True
    )
    spec = TextAreaField(_l("Spesifikasi"), validators=[Optional(), Length(max=1000)])

    def sizes(self) -> dict[str, int]:
        return {
            s: getattr(self, f"size_{s}").data for s in SIZES if getattr(self, f"size_{s}").data
        }

    def is_blank(self) -> bool:
        return not (
            (self.name.data or "").strip()
            or self.quantity.data
            or self.sizes()
            or self.per_day.data
            or (self.spec.data or "").strip()
        )


class RfqForm(FlaskForm):
    title = StringField(
        _l("Judul permintaan"),
        validators=[DataRequired(REQUIRED), Length(3, 160)],
        filters=[squash_spaces],
    )
    category = SelectField(
        _l("Kategori"),
        choices=list(CATEGORIES.items()),
        validators=[DataRequired(REQUIRED), AnyOf(list(CATEGORIES))],
    )
    needed_by = DateField(_l("Dibutuhkan paling lambat"), validators=[Optional()])
    recurring = BooleanField(_l("Rutin setiap minggu (katering)"))
    sample_required = BooleanField(_l("Perlu contoh (sampel) dulu"))
    budget = RupiahField(
        _l("Anggaran (Rp, boleh dikosongkan)"),
        validators=[Optional(), NumberRange(0, MAX_BUDGET, _l("Anggaran tidak masuk akal."))],
    )
    point_id = SelectField(_l("Gerbang / titik serah"), coerce=int, default=0)
    window_id = SelectField(_l("Jam shift"), coerce=int, default=0)
    notes = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=4000)])
    items = FieldList(FormField(ItemForm), min_entries=ITEM_ROWS, max_entries=MAX_ITEMS)
    files = MultipleFileField(_l("Lampiran (PDF atau foto, maks. 5 berkas, 5 MB per berkas)"))

    def set_places(self, points, windows, window_label) -> None:
        none = [(0, _l("— pilih —"))]
        self.point_id.choices = none + [(p.id, p.name) for p in points]
        self.window_id.choices = none + [(w.id, window_label(w)) for w in windows]

    def uploads(self) -> list:
        return [f for f in (self.files.data or []) if f and getattr(f, "filename", "")]

    def validate_needed_by(self, field) -> None:
        if field.data is not None and field.data <= now_wib().date():
            raise ValidationError(_l("Tanggal harus setelah hari ini."))

    def check_whole(self) -> bool:
        """Rules across fields (after validate()); adds errors and says whether all hold."""
        ok = True
        meals = self.category.data == MEALS
        if self.recurring.data and not meals:
            ok = raise_error(self.recurring, _l("Permintaan rutin hanya untuk makanan & minuman."))
        if not self.recurring.data and self.needed_by.data is None:
            ok = raise_error(self.needed_by, _l("Isi tanggal dibutuhkan, atau pilih rutin."))
        if meals and not self.point_id.data:
            ok = raise_error(self.point_id, _l("Pilih gerbang tempat makanan diserahkan."))
        if meals and not self.window_id.data:
            ok = raise_error(self.window_id, _l("Pilih jam shift."))
        if len(self.uploads()) > MAX_FILES:
            ok = raise_error(self.files, _l("Paling banyak 5 lampiran."))
        return ok

    def cleaned_items(self) -> list[ItemInput] | None:
        """The filled item rows for the chosen category; None (with errors added) if any is
        wrong or none is filled."""
        items, ok = [], True
        for entry in self.items.entries:
            row: ItemForm = entry.form
            if row.is_blank():
                continue
            item = _item(self.category.data, row)
            if item is None:
                ok = False
            else:
                items.append(item)
        if ok and not items:
            self.items.errors.append(str(_l("Isi minimal satu barang.")))
            ok = False
        return items if ok else None


def raise_error(field, message) -> bool:
    """Add `message` to the field's errors; False (for `ok = raise_error(...)`)."""
    field.errors = [*field.errors, message]
    return False


def _item(category: str, row: ItemForm) -> ItemInput | None:
    name = squash_spaces(row.name.data or "")
    if not name:
        return raise_error(row.name, REQUIRED) or None
    if category == GARMENT:
        sizes = row.sizes()
        if not sizes:
            return raise_error(row.size_S, _l("Isi jumlah per ukuran (S sampai XXL).")) or None
        spec = {"sizes": sizes, "logo": row.logo.data}
        if row.logo_note.data and row.logo.data != "none":
            spec["logo_note"] = row.logo_note.data.strip()
        return ItemInput(name, sum(sizes.values()), row.unit.data, spec)
    if category == MEALS:
        if not row.per_day.data:
            return raise_error(row.per_day, REQUIRED) or None
        if not row.days.data:
            return raise_error(row.days, _l("Pilih minimal satu hari.")) or None
        days = sorted({int(d) for d in row.days.data})
        spec = {"menu": name, "per_day": row.per_day.data, "days": days}
        return ItemInput(name, row.per_day.data, row.unit.data, spec)
    if not row.quantity.data:
        return raise_error(row.quantity, REQUIRED) or None
    text = (row.spec.data or "").strip()
    return ItemInput(name, row.quantity.data, row.unit.data, {"text": text} if text else {})


def default_needed_by():
    return now_wib().date() + timedelta(days=14)


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Alasan pembatalan"), validators=[Optional(), Length(max=2000)])


class QuoteLineForm(SubForm):
    item_id = HiddenField()
    unit_price = RupiahField(
        _l("Harga satuan (Rp)"),
        validators=[
            Optional(),
            NumberRange(1, MAX_PRICE, _l("Harga Rp 1 sampai Rp 1.000.000.000.")),
        ],
    )
    quantity = IntegerField(
        _l("Jumlah yang sanggup"),
        validators=[InputRequired(REQUIRED), COUNT],
    )


class QuoteForm(FlaskForm):
    lines = FieldList(FormField(QuoteLineForm), min_entries=0, max_entries=MAX_ITEMS)
    delivery_plan = TextAreaField(
        _l("Rencana pengiriman"), validators=[DataRequired(REQUIRED), Length(max=2000)]
    )
    lead_time_days = IntegerField(
        _l("Waktu pengerjaan (hari)"),
        validators=[
            DataRequired(REQUIRED),
            NumberRange(1, 365, _l("Waktu pengerjaan 1 sampai 365 hari.")),
        ],
    )
    valid_until = DateField(_l("Penawaran berlaku sampai"), validators=[DataRequired(REQUIRED)])
    notes = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=2000)])

    def validate_valid_until(self, field) -> None:
        if field.data is not None and field.data < now_wib().date():
            raise ValidationError(_l("Tanggal berlaku tidak boleh sebelum hari ini."))
