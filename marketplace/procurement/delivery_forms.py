"""Forms of a delivery (validation only): one quantity field per delivery line, so the form
class is made for the delivery at hand."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from marketplace.accounts.forms import REQUIRED
from marketplace.core.forms import FlaskForm
from marketplace.procurement.po_models import Delivery

MAX_QTY = 1_000_000


def _qty(label, default=None, maximum=MAX_QTY) -> IntegerField:
    return IntegerField(
        label,
        default=default,
        validators=[
            InputRequired(REQUIRED),
            NumberRange(0, maximum, _l("Isi angka 0 sampai %(max)s.")),
        ],
        render_kw={"inputmode": "numeric", "min": 0, "max": maximum},
    )


def dispatch_form(delivery: Delivery, room: dict[int, int], formdata=None) -> FlaskForm:
    """`qty_<line id>`: how many the group sends, up to what is still outstanding (`room`)."""

    class DispatchForm(FlaskForm):
        pass

    for line in delivery.lines:
        left = room.get(line.po_line_id, 0)
        field = _qty(_l("Jumlah dikirim"), min(line.qty_planned, left), left)
        setattr(DispatchForm, f"qty_{line.id}", field)
    return DispatchForm() if formdata is None else DispatchForm(formdata=formdata)


def receive_form(delivery: Delivery, formdata=None) -> FlaskForm:
    """Per line `acc_<id>`, `rej_<id>`, `reason_<id>`; the signer's confirmation and notes."""

    class ReceiveForm(FlaskForm):
        confirm = BooleanField(
            _l("Saya menerima barang di atas dan menandatangani BAST ini."),
            validators=[DataRequired(_l("Centang untuk menandatangani BAST."))],
        )
        notes = TextAreaField(_l("Catatan (opsional)"), validators=[Optional(), Length(max=500)])

    for line in delivery.lines:
        setattr(ReceiveForm, f"acc_{line.id}", _qty(_l("Diterima"), line.qty_delivered))
        setattr(ReceiveForm, f"rej_{line.id}", _qty(_l("Ditolak"), 0))
        setattr(
            ReceiveForm,
            f"reason_{line.id}",
            StringField(_l("Alasan ditolak"), validators=[Optional(), Length(max=300)]),
        )
    return ReceiveForm() if formdata is None else ReceiveForm(formdata=formdata)


def quantities(form: FlaskForm, delivery: Delivery) -> dict[int, int]:
    return {line.id: form[f"qty_{line.id}"].data for line in delivery.lines}


def results(form: FlaskForm, delivery: Delivery) -> dict[int, tuple[int, int, str]]:
    return {
        line.id: (
            form[f"acc_{line.id}"].data,
            form[f"rej_{line.id}"].data,
            form[f"reason_{line.id}"].data or "",
        )
        for line in delivery.lines
    }
