"""Program: officers' work (verification, investor approval, audit log).

The views add their routes to `bp` when the factory imports them (they import this module for
`bp`, so this module does not import them back).
"""

from flask import Blueprint

from marketplace.catalog import hooks as catalog_hooks
from marketplace.core import audit

bp = Blueprint("program", __name__, url_prefix="/pendamping")

# The audit log's codes for people: what was decided, about whom (labels registered by features).
bp.add_app_template_global(audit.describe, "audit_text")
bp.add_app_template_global(audit.subject_text, "audit_subject")


def _incentive_panel(_session, _group) -> list[dict]:
    """The group's work page links to its aid and incentive page (no query)."""
    return [{"template": "program/_work_incentives.html", "rank": 90}]


catalog_hooks.on_work_page(_incentive_panel)
# The group's own read-only view of its mentoring plan (producers): outside the officers' prefix.
group_bp = Blueprint("mentoring_group", __name__)
