"""Officer pages: the zone's shared pickup points, shift windows and delivery zones.

An edit that open orders are affected by (a window moved or closed, a point or zone closed)
first shows those orders and asks for confirmation, on a page (no script needed): the form
is posted again with `confirm` and the ids of the orders the officer saw. On saving, their
buyers and groups are told (orders.logistics_changes).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.orders import bp, logistics, logistics_changes
from marketplace.orders.forms import to_int, to_time
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
    """Switch a pickup point or delivery zone on or off (kept for past orders, never deleted).

    The form says which state it wants (`aktif`), so a repeated post changes nothing; closing
    one that open orders use asks for confirmation first.
    """
    model = {"titik-ambil": PickupPoint, "zona-antar": DeliveryZone}.get(kind)
    item = db.session.get(model, item_id) if model else None
    if item is None:
        abort(404)
    wanted = request.form.get("aktif")
    active = not item.is_active if wanted not in ("0", "1") else wanted == "1"
    if active == item.is_active:
        return redirect(url_for("orders.logistics_page"))
    change = None if active else logistics_changes.closing_change(db.session, item)
    changes = [change] if change else []
    if _needs_confirmation(changes):
        return _confirm(changes, url_for("orders.toggle_active", kind=kind, item_id=item_id))
    logistics.set_active(db.session, item, active)
    _saved(logistics_changes.announce(db.session, changes), None)
    return redirect(url_for("orders.logistics_page"))


@bp.route("/pendamping/jam-ambil", methods=["POST"])
@officer_only
def save_windows():
    try:
        wanted = {}
        for code in WINDOW_CODES:
            start = to_time(request.form.get(f"start-{code}"))
            end = to_time(request.form.get(f"end-{code}"))
            if start is None or end is None:
                raise logistics.SettingsError(_("Isi jam dengan format JJ:MM."))
            logistics.check_window(code, start, end)
            active = bool(request.form.get(f"active-{code}"))
            wanted[code] = logistics_changes.WantedWindow(start, end, active)
        changes = logistics_changes.window_changes(db.session, wanted)
        if _needs_confirmation(changes):
            return _confirm(changes, url_for("orders.save_windows"))
        for code, w in wanted.items():
            logistics.set_window(db.session, code, w.start, w.end, w.active)
    except logistics.SettingsError as exc:
        db.session.rollback()
        return _page(str(exc), 422)
    _saved(logistics_changes.announce(db.session, changes), _("Jam ambil tersimpan."))
    return redirect(url_for("orders.logistics_page"))


def _needs_confirmation(changes: list[logistics_changes.Change]) -> bool:
    """Whether open orders are affected that the officer has not seen and confirmed."""
    affected = logistics_changes.affected_ids(changes)
    if not affected:
        return False
    seen = {to_int(value) for value in request.form.getlist("seen")}
    return not request.form.get("confirm") or not affected <= seen


def _confirm(changes: list[logistics_changes.Change], action: str):
    """The confirmation page: the affected open orders, and the same form to post again."""
    fields = [
        (name, value)
        for name, values in request.form.lists()
        if name not in ("csrf_token", "confirm", "seen")
        for value in values
    ]
    rows = [(change, logistics_changes.describe(change)) for change in changes]
    return render_template(
        "orders/officer_logistics_confirm.html",
        rows=rows,
        count=len(logistics_changes.affected_ids(changes)),
        fields=fields,
        action=action,
        again=bool(request.form.get("confirm")),
    )


def _saved(notified: int, message: str | None) -> None:
    db.session.commit()
    if message:
        flash(message, "success")
    if notified:
        flash(
            _(
                "%(n)s pesanan terbuka terdampak; pembeli dan kelompoknya sudah diberi tahu.",
                n=notified,
            ),
            "info",
        )
