"""Program: officers' work (verification, investor approval, audit log)."""

from flask import Blueprint

bp = Blueprint("program", __name__, url_prefix="/pendamping")

from program import views  # noqa: E402,F401
