"""Payments: Midtrans Snap, the notification webhook, reconcile, refunds, ledger, simulator.

The views add their routes to `bp` when the factory imports them (they import this module for
`bp`, so this module does not import them back).
"""

from flask import Blueprint

from marketplace.catalog import hooks as catalog_hooks
from marketplace.orders import hooks, payment_step
from marketplace.payments.ledger import on_order_transition
from marketplace.payments.models import ledger_kind_label
from marketplace.payments.queries import balance_panel
from marketplace.payments.services import MidtransMethod
from marketplace.payments.statuses import label as payment_status_label

bp = Blueprint("payments", __name__)
bp.add_app_template_global(payment_status_label, "payment_status_label")
bp.add_app_template_global(ledger_kind_label, "ledger_kind_label")

payment_step.register(MidtransMethod())
hooks.on_transition(on_order_transition)
catalog_hooks.on_work_page(balance_panel)
