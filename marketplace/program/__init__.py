"""Program: officers' work (verification, investor approval, audit log).

The views add their routes to `bp` when the factory imports them (they import this module for
`bp`, so this module does not import them back).
"""

from flask import Blueprint

from marketplace.core import audit

bp = Blueprint("program", __name__, url_prefix="/pendamping")

# The audit log's codes for people: what was decided, about whom (labels registered by features).
bp.add_app_template_global(audit.describe, "audit_text")
bp.add_app_template_global(audit.subject_text, "audit_subject")

# The group's own read-only view of its mentoring plan (producers): outside the officers' prefix.
group_bp = Blueprint("mentoring_group", __name__)
