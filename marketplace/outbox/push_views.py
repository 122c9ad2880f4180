"""Push devices: the browser's subscribe/unsubscribe calls (JSON, CSRF token in the
X-CSRFToken header) and the settings page's remove button (a plain form)."""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.extensions import db
from marketplace.outbox import bp, devices


def _json_error(message: str, status: int = 400):
    return jsonify({"error": message}), status


def _allow_http() -> bool:
    # A local fake push service in development and tests; real push services use https.
    return current_app.config.get("ENV_NAME") != "production"


@bp.route("/akun/notifikasi/push", methods=["POST"])
@login_required
def push_subscribe():
    """Store this browser's push subscription for the signed-in person."""
    data = request.get_json(silent=True)
    try:
        sub = devices.parse(data, allow_http=_allow_http())
    except devices.DeviceError as exc:
        return _json_error(str(exc))
    device = devices.subscribe(
        db.session, current_user.id, sub, request.headers.get("User-Agent", "")
    )
    db.session.commit()
    return jsonify({"ok": True, "device": device.id}), 201


@bp.route("/akun/notifikasi/push/hapus", methods=["POST"])
@login_required
def push_unsubscribe():
    """Forget this browser's subscription (the page's "turn off" button)."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return _json_error(_("Data langganan notifikasi tidak terbaca."))
    try:
        removed = devices.unsubscribe(db.session, current_user.id, data.get("endpoint"))
    except devices.DeviceError as exc:
        return _json_error(str(exc))
    db.session.commit()
    return jsonify({"ok": True, "removed": removed})


@bp.route("/akun/notifikasi/perangkat/<int:device_id>/hapus", methods=["POST"])
@login_required
def device_remove(device_id: int):
    """Remove one of the person's devices from the settings page (404 for anyone else's)."""
    if not devices.remove(db.session, current_user.id, device_id):
        abort(404)
    db.session.commit()
    flash(_("Perangkat dihapus; notifikasi tidak lagi dikirim ke sana."), "success")
    return redirect(url_for("outbox.settings"), 303)
