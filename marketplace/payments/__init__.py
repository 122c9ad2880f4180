"""Payments: Midtrans Snap, the notification webhook, reconcile, refunds, ledger, simulator."""

from flask import Blueprint

bp = Blueprint("payments", __name__)

from marketplace.orders import hooks, payment_step  # noqa: E402
from marketplace.payments import cli, views  # noqa: E402,F401
from marketplace.payments.ledger import on_order_transition  # noqa: E402
from marketplace.payments.models import ledger_kind_label  # noqa: E402
from marketplace.payments.services import MidtransMethod  # noqa: E402
from marketplace.payments.statuses import label as payment_status_label  # noqa: E402

bp.add_app_template_global(payment_status_label, "payment_status_label")
bp.add_app_template_global(ledger_kind_label, "ledger_kind_label")

payment_step.register(MidtransMethod())
hooks.on_transition(on_order_transition)
