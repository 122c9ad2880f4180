"""What the buyer is told about an online payment: paid or not, and how a refund comes back.

The orders pages ask through `orders.payment_step` (the Midtrans method's `state` and
`refund_notice`), so an order page, the order list and the payment page say the same thing.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from marketplace.core.formatting import long_date, rupiah
from marketplace.orders import states
from marketplace.orders.order_models import Order
from marketplace.orders.payment_step import PaymentState
from marketplace.payments import statuses as st
from marketplace.payments.ledger import paid_attempt
from marketplace.payments.models import PaymentAttempt, Refund

# Midtrans forwards a refund to the QRIS issuer or e-wallet; its standard process takes one to
# two days after the request, the issuer may add a day (docs.midtrans.com, refund transaction).
REFUND_DAYS = "1–3"
CHECK_AFTER_DAYS = 7
# The attempt statuses that mean the money is with us (as ledger.paid_attempt reads them).
PAID_STATUSES = (st.SETTLEMENT, st.CAPTURE, st.PARTIAL_REFUND)


def how_refunds_come_back(amount: int) -> str:
    """How and when `amount` comes back to the buyer, in the reader's language."""
    return _(
        "Dana %(amount)s dikembalikan lewat Midtrans ke metode pembayaran asal (QRIS atau "
        "e-wallet), biasanya dalam %(days)s hari kerja. Bila belum masuk setelah %(check)s "
        "hari kerja, hubungi pendamping.",
        amount=rupiah(amount),
        days=REFUND_DAYS,
        check=CHECK_AFTER_DAYS,
    )


def _session(order: Order) -> Session:
    session = object_session(order)
    assert session is not None, "an order read from the database"
    return session


def refund_of(session: Session, order_id: int) -> Refund | None:
    """The refund of one order, if one was started."""
    return session.scalars(select(Refund).where(Refund.order_id == order_id)).first()


def order_states(orders: list[Order], method_label: str) -> dict[int, PaymentState]:
    """{order id: how it stands} for online-paid orders, in three queries whatever their number."""
    if not orders:
        return {}
    session = _session(orders[0])
    order_ids = [o.id for o in orders]
    refunds = {
        r.order_id: r for r in session.scalars(select(Refund).where(Refund.order_id.in_(order_ids)))
    }
    attempts = session.execute(
        select(
            PaymentAttempt.checkout_id, PaymentAttempt.status, PaymentAttempt.needs_refund
        ).where(PaymentAttempt.checkout_id.in_({o.checkout_id for o in orders}))
    ).all()
    settled = {cid for cid, status, _late in attempts if status in PAID_STATUSES}
    late = {cid for cid, _status, needs_refund in attempts if needs_refund}
    return {
        o.id: _state(
            o, method_label, refunds.get(o.id), o.checkout_id in settled, o.checkout_id in late
        )
        for o in orders
    }


def _state(
    order: Order, method_label: str, refund: Refund | None, settled: bool, late: bool
) -> PaymentState:
    """Unpaid, paid, or paid and (being) given back."""
    url = url_for("payments.checkout_status", checkout_id=order.checkout_id)
    if refund is not None:
        if refund.status == "succeeded":
            return PaymentState(
                method_label,
                False,
                _("Dana dikembalikan"),
                _(
                    "Dana %(amount)s dikembalikan lewat Midtrans pada %(day)s ke metode "
                    "pembayaran asal.",
                    amount=rupiah(refund.amount),
                    day=long_date(refund.processed_at),
                ),
                url,
            )
        return PaymentState(
            method_label,
            False,
            _("Dana sedang dikembalikan"),
            how_refunds_come_back(refund.amount),
            url,
        )
    if settled and order.status in states.RELEASES_STOCK:
        text = (
            _("Dibayar setelah batas waktu: dana akan dikembalikan")
            if late
            else _("Dana akan dikembalikan")
        )
        return PaymentState(method_label, False, text, how_refunds_come_back(order.total), url)
    if settled:
        return PaymentState(method_label, True, _("Lunas"), None, url)
    return PaymentState(method_label, False, st.label(order.checkout.payment_status), None, url)


def refund_notice(order: Order) -> str | None:
    """Before cancelling: how the paid amount would come back (None when nothing was paid)."""
    if paid_attempt(_session(order), order) is None:
        return None
    return how_refunds_come_back(order.total)
