"""Officer pages: the zone's shared pickup points, shift windows and delivery zones."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.orders import bp, logistics
from marketplace.orders.forms import to_time
from marketplace.orders.models import WINDOW_CODES, DeliveryZone, PickupPoint

officer_only = role_required("officer")


def _page(error: str | None = None, status: int = 200):
    windows = {w.code: w for w in logistics.all_windows(db.session)}
    return (
        render_template(
            "orders/officer_logistics.html",
            points=logistics.all_points(db.session),
            zones=logistics.all_zones(db.session),
            windows=windows,
            codes=WINDOW_CODES,
            labels=logistics.WINDOW_LABELS,
            error=error,
        ),
        status,
    )


@bp.route("/pendamping/titik-ambil")
@officer_only
def logistics_page():
    return _page()


@bp.route("/pendamping/titik-ambil/tambah", methods=["POST"])
@officer_only
def add_point():
    try:
        logistics.add_point(
            db.session, request.form.get("name", ""), request.form.get("description", "")
        )
    except logistics.SettingsError as exc:
        db.session.rollback()
        return _page(str(exc), 422)
    db.session.commit()
    flash(_("Titik ambil ditambahkan."), "success")
    return redirect(url_for("orders.logistics_page"))


@bp.route("/pendamping/zona-antar/tambah", methods=["POST"])
@officer_only
def add_zone():
    try:
        logistics.add_zone(db.session, request.form.get("name", ""))
    except logistics.SettingsError as exc:
        db.session.rollback()
        return _page(str(exc), 422)
    db.session.commit()
    flash(_("Zona antar ditambahkan."), "success")
    return redirect(url_for("orders.logistics_page"))


@bp.route("/pendamping/<kind>/<int:item_id>/aktif", methods=["POST"])
@officer_only
def toggle_active(kind: str, item_id: int):
    """Switch a pickup point or delivery zone on or off (kept for past orders, never deleted)."""
    model = {"titik-ambil": PickupPoint, "zona-antar": DeliveryZone}.get(kind)
    item = db.session.get(model, item_id) if model else None
    if item is None:
        abort(404)
    logistics.switch_active(db.session, item)
    db.session.commit()
    return redirect(url_for("orders.logistics_page"))


@bp.route("/pendamping/jam-ambil", methods=["POST"])
@officer_only
def save_windows():
    try:
        for code in WINDOW_CODES:
            start = to_time(request.form.get(f"start-{code}"))
            end = to_time(request.form.get(f"end-{code}"))
            if start is None or end is None:
                raise logistics.SettingsError(_("Isi jam dengan format JJ:MM."))
            logistics.set_window(
                db.session, code, start, end, bool(request.form.get(f"active-{code}"))
            )
    except logistics.SettingsError as exc:
        db.session.rollback()
        return _page(str(exc), 422)
    db.session.commit()
    flash(_("Jam ambil tersimpan."), "success")
    return redirect(url_for("orders.logistics_page"))
