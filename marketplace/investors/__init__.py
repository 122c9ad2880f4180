"""Investors and the program: documents, performance summaries, pitches, interest."""

from flask import Blueprint

bp = Blueprint("investors", __name__)

from marketplace.investors import producer_views, views  # noqa: E402,F401
from marketplace.investors.rollups import on_order_transition  # noqa: E402
from marketplace.orders import hooks  # noqa: E402

hooks.on_transition(on_order_transition)
