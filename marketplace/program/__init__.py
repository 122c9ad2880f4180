"""Program: officers' work (verification, investor approval, audit log, promotion and vetting,
pitch review, impact)."""

from flask import Blueprint

bp = Blueprint("program", __name__, url_prefix="/pendamping")

from marketplace.program import (  # noqa: E402,F401 - the view modules register their routes
    decision_views,
    impact_views,
    pitch_views,
    promotion_views,
)
