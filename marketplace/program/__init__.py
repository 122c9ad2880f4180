"""Program: officers' work (verification, investor approval, audit log)."""

from flask import Blueprint

bp = Blueprint("program", __name__, url_prefix="/pendamping")

from marketplace.core import audit  # noqa: E402
from marketplace.program import program_views, views  # noqa: E402,F401

# The audit log's codes for people: what was decided, about whom (labels registered by features).
bp.add_app_template_global(audit.describe, "audit_text")
bp.add_app_template_global(audit.subject_text, "audit_subject")
