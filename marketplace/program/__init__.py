"""Program: officers' work (verification, investor approval, audit log)."""

from flask import Blueprint

bp = Blueprint("program", __name__, url_prefix="/pendamping")

from marketplace.program import program_views, views  # noqa: E402,F401
