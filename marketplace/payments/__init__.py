"""Payments: Midtrans Snap, the notification webhook, reconcile, refunds, ledger, simulator.

The views add their routes to `bp` when the factory imports them (they import this module for
`bp`, so this module does not import them back).
"""

from flask import Blueprint

from marketplace.orders import hooks, payment_step
from marketplace.payments.ledger import on_order_transition
from marketplace.payments.services import MidtransMethod

bp = Blueprint("payments", __name__)

payment_step.register(MidtransMethod())
hooks.on_transition(on_order_transition)
