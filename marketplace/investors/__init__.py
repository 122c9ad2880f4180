"""Investors and the program: documents, performance summaries, pitches, interest.

The views add their routes to `bp` when the factory imports them (they import this module for
`bp`, so this module does not import them back). The rollups listen to the orders' hooks:
transitions (completed, cancelled) and confirmed refunds, which payments announces there.
"""

from flask import Blueprint

from marketplace.investors.rollups import on_order_refunded, on_order_transition
from marketplace.orders import hooks

bp = Blueprint("investors", __name__)

hooks.on_transition(on_order_transition)
hooks.on_refund(on_order_refunded)
