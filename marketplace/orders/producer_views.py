"""Producer pages: the group's order inbox, order actions, handover by code, rekap, settings.

The group always comes from `g.group` (producer_required); another group's order is a 404.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.catalog.access import producer_required
from marketplace.core.security import parse_id
from marketplace.extensions import db
from marketplace.orders import bp, capacity_settings, logistics, queries, services, states
from marketplace.orders.forms import ServiceSettingsForm, to_int
from marketplace.orders.models import Order

PRODUCER_ACTIONS = {
    states.ACCEPTED: _l("Terima pesanan"),
    states.READY: _l("Tandai siap"),
    states.COMPLETED: _l("Selesaikan dengan kode ambil"),
    states.CANCELLED: _l("Batalkan"),
}


def _group_order(order_id: int) -> Order:
    order = db.session.get(Order, order_id)
    if order is None or order.group_id != g.group.id:
        abort(404)
    return order


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.route("/produsen/pesanan")
@producer_required
def inbox():
    """The group's orders, newest first and a page at a time, filtered by status, date,
    window and pickup point, under the counts of what needs doing."""
    status = request.args.get("status") or None
    if status and status not in states.STATUSES:
        status = None
    day = _parse_day(request.args.get("tanggal"))
    window_id = parse_id(request.args.get("jam"))
    point_id = parse_id(request.args.get("titik"))
    page = max(1, min(to_int(request.args.get("hal"), 1) or 1, queries.INBOX_MAX_PAGE))
    orders, has_next = queries.group_orders(
        db.session,
        g.group.id,
        status=status,
        day=day,
        window_id=window_id,
        point_id=point_id,
        page=page,
    )
    today = logistics.now_wib().date()
    f = {"status": status, "day": day, "window_id": window_id, "point_id": point_id}
    args = {
        "status": status,
        "tanggal": day.isoformat() if day else None,
        "jam": window_id,
        "titik": point_id,
    }
    return render_template(
        "orders/inbox.html",
        orders=orders,
        group=g.group,
        statuses=states.STATUSES,
        windows=logistics.all_windows(db.session),
        points=logistics.all_points(db.session),
        window_label=logistics.window_label,
        f=f,
        args={k: v for k, v in args.items() if v},
        page=page,
        has_next=has_next,
        today=today,
        counts=queries.action_counts(db.session, g.group.id, today),
    )


def _producer_order_page(order: Order, error: str | None = None, status: int = 200):
    return (
        render_template(
            "orders/producer_order.html",
            order=order,
            actions=[
                (to, PRODUCER_ACTIONS[to]) for to in states.next_for(order.status, states.PRODUCER)
            ],
            window_label=logistics.window_label,
            error=error,
        ),
        status,
    )


@bp.route("/produsen/pesanan/<int:order_id>")
@producer_required
def producer_order(order_id: int):
    return _producer_order_page(_group_order(order_id))[0]


@bp.route("/produsen/pesanan/<int:order_id>/status", methods=["POST"])
@producer_required
def producer_transition(order_id: int):
    """Accept, mark ready, complete (with the pickup code) or cancel (with a reason)."""
    order = _group_order(order_id)
    to_status = request.form.get("to", "")
    if to_status not in states.STATUSES:
        abort(409, description=_("Status tujuan tidak dikenal."))
    try:
        services.transition(
            db.session,
            order,
            to_status,
            current_user,
            request.form.get("reason"),
            role=states.PRODUCER,
            pickup_code=request.form.get("code"),
        )
    except services.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    except services.TransitionInputError as exc:
        db.session.rollback()
        return _producer_order_page(_group_order(order_id), str(exc), 422)
    db.session.commit()
    flash(_("Pesanan #%(id)s: %(status)s.", id=order_id, status=states.label(to_status)), "success")
    return redirect(url_for("orders.producer_order", order_id=order_id))


@bp.route("/produsen/serahkan", methods=["GET", "POST"])
@producer_required
def handover():
    """Complete a handover by the buyer's pickup code (typed, or opened from the QR code)."""
    code = (request.values.get("kode") or "").strip().upper()
    order = services.find_by_code(db.session, g.group.id, code) if code else None
    if request.method == "GET":
        return render_template("orders/handover.html", code=code, order=order, error=None)
    if order is None:
        return (
            render_template(
                "orders/handover.html",
                code=code,
                order=None,
                error=_("Kode ambil tidak ditemukan di pesanan kelompok Anda."),
            ),
            422,
        )
    try:
        services.transition(
            db.session,
            order,
            states.COMPLETED,
            current_user,
            role=states.PRODUCER,
            pickup_code=code,
        )
    except services.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(_("Pesanan #%(id)s selesai diserahkan.", id=order.id), "success")
    return redirect(url_for("orders.producer_order", order_id=order.id))


@bp.route("/produsen/rekap")
@producer_required
def prep_list():
    """What to cook or sew for a day: quantities per product, per window and pickup point,
    and the orders behind them. Opens on the next day that has orders (today if it has)."""
    today = logistics.now_wib().date()
    upcoming = queries.upcoming_days(db.session, g.group.id, today)
    day = _parse_day(request.args.get("tanggal")) or (upcoming[0][0] if upcoming else today)
    return render_template(
        "orders/rekap.html",
        day=day,
        today=today,
        upcoming=upcoming,
        rows=queries.prep_list(db.session, g.group.id, day),
        group=g.group,
        window_label=logistics.window_label,
    )


def _settings_form(zones: list, *, from_request: bool = True) -> ServiceSettingsForm:
    """The settings form, filled from the request or else from the group's saved settings."""
    service = logistics.group_service(db.session, g.group.id, active_only=False)
    extra = {} if from_request else {"formdata": None}
    return ServiceSettingsForm.for_zones(
        (z.id for z in zones),
        **extra,
        data={
            "points": [p.id for p in service.points],
            "windows": [w.id for w in service.windows],
            "cutoff_minutes": service.settings.cutoff_minutes if service.settings else 120,
            "max_orders_per_window": service.settings.max_orders_per_window
            if service.settings
            else None,
        }
        | {f"zone-{gz.zone_id}": True for gz in service.zones}
        | {f"fee-{gz.zone_id}": gz.fee for gz in service.zones},
    )


@bp.route("/produsen/layanan", methods=["GET", "POST"])
@producer_required
def service_settings():
    """Which pickup points, windows and delivery zones (with fees) the group serves, and its
    daily production capacities (`orders.capacity_views`)."""
    zones = logistics.all_zones(db.session, active_only=True)
    form = _settings_form(zones)
    error = None
    if form.validate_on_submit():
        try:
            logistics.save_group_service(
                db.session,
                g.group.id,
                point_ids=form.points.data,
                window_ids=form.windows.data,
                zone_fees=form.zone_fees(),
                cutoff_minutes=form.cutoff_minutes.data,
                max_orders_per_window=form.max_orders_per_window.data,
            )
        except logistics.SettingsError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            db.session.commit()
            flash(_("Pengaturan ambil dan antar tersimpan."), "success")
            return redirect(url_for("orders.service_settings"))
    else:
        error = form.first_error()
    return settings_page(form, zones, error)


def settings_page(
    form: ServiceSettingsForm | None = None,
    zones: list | None = None,
    error: str | None = None,
    *,
    capacity_error: str | None = None,
    capacity_form: dict | None = None,
):
    """The service settings page, with the capacity section (the capacity views reuse it)."""
    if zones is None:
        zones = logistics.all_zones(db.session, active_only=True)
    if form is None:
        form = _settings_form(zones, from_request=False)
    return (
        render_template(
            "orders/service_settings.html",
            form=form,
            points=logistics.all_points(db.session, active_only=True),
            windows=logistics.all_windows(db.session, active_only=True),
            zones=zones,
            window_label=logistics.window_label,
            error=error,
            group=g.group,
            capacities=capacity_settings.list_capacities(db.session, g.group.id),
            capacity_products=capacity_settings.group_products(db.session, g.group.id),
            capacity_categories=capacity_settings.group_categories(db.session, g.group.id),
            capacity_error=capacity_error,
            capacity_form=capacity_form or {},
        ),
        422 if error or capacity_error else 200,
    )
