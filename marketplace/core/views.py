"""Site-wide routes with no feature knowledge: health check, language switch, favicon."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, redirect, request, session, url_for
from sqlalchemy import text

from marketplace.core.security import safe_next
from marketplace.extensions import db

bp = Blueprint("core", __name__)


@bp.route("/healthz")
def healthz():
    """200 with the database answering, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not healthy"; the reason goes to the log
        current_app.logger.exception("health check: database unreachable")
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.route("/bahasa/<code>")
def set_language(code: str):
    """Switch the interface language (id or en) and go back where the user was."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next"), url_for("catalog.home")))


@bp.route("/favicon.ico")
def favicon():
    """The icon for browsers that ask for it at the root (pages link the hashed asset)."""
    icon = Path(current_app.static_folder or "static") / "favicon.ico"
    return Response(
        icon.read_bytes(),
        mimetype="image/vnd.microsoft.icon",
        headers={"Cache-Control": "public, max-age=86400"},
    )
