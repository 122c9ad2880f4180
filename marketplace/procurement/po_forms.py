"""Purchase order forms (validation only); the award's quantity grid is read by the view
(one field per group and item) with `parse_quantity`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from marketplace.accounts.forms import REQUIRED
from marketplace.core.forms import FlaskForm
from marketplace.procurement.po_models import TERMS, TERMS_NET30


class AwardForm(FlaskForm):
    terms = SelectField(_l("Syarat pembayaran"), choices=list(TERMS.items()), default=TERMS_NET30)
    down_payment_percent = IntegerField(
        _l("Uang muka (%)"),
        default=0,
        validators=[
            InputRequired(REQUIRED),
            NumberRange(0, 100, message=_l("Uang muka 0 sampai 100 %.")),
        ],
    )
    partial = BooleanField(_l("Pesan sebagian saja (jumlah kurang dari permintaan)"))


class ReasonForm(FlaskForm):
    """Accept/decline (group) or approve/cancel (company); the reason is checked by the states
    table when the move needs one."""

    action = HiddenField(
        validators=[DataRequired(), AnyOf(["accept", "decline", "approve", "cancel"])]
    )
    reason = TextAreaField(_l("Alasan"), validators=[Optional(), Length(max=1000)])
