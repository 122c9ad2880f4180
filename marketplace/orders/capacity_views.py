"""Producer pages: declare, change and remove the group's daily production capacity.

The list is a section of the service settings page (`producer_views.settings_page`). The group
always comes from `g.group`; another group's capacity is a 404.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from marketplace.catalog.access import producer_required
from marketplace.core.security import parse_id
from marketplace.extensions import db
from marketplace.orders import bp, capacity_settings
from marketplace.orders.capacity_models import GroupCapacity
from marketplace.orders.forms import to_int
from marketplace.orders.producer_views import settings_page


def _own(capacity_id: int) -> GroupCapacity:
    cap = capacity_settings.group_capacity(db.session, g.group.id, capacity_id)
    if cap is None:
        abort(404)
    return cap


def _numbers() -> tuple[int | None, int | None]:
    """Units per day and lead time as typed (None when empty or not a whole number)."""
    return to_int(request.form.get("units_per_day")), to_int(request.form.get("lead_time_days"))


def _refused(exc: capacity_settings.CapacityError):
    db.session.rollback()
    return settings_page(capacity_error=str(exc), capacity_form=request.form.to_dict())


@bp.route("/produsen/layanan/kapasitas", methods=["POST"])
@producer_required
def capacity_add():
    """Declare a capacity for one of the group's products (`p-<id>`) or categories (`c-<slug>`)."""
    target = request.form.get("target", "")
    product_id = parse_id(target[2:]) if target.startswith("p-") else None
    category = target[2:] if target.startswith("c-") else None
    if product_id is None and category is None:
        return _refused(capacity_settings.CapacityError(_("Pilih satu produk atau kategori.")))
    units, lead = _numbers()
    try:
        capacity_settings.add_capacity(
            db.session,
            g.group.id,
            product_id=product_id,
            category=category,
            units_per_day=units,
            lead_time_days=lead,
        )
    except capacity_settings.CapacityError as exc:
        return _refused(exc)
    db.session.commit()
    flash(_("Kapasitas produksi tersimpan."), "success")
    return redirect(url_for("orders.service_settings", _anchor="kapasitas"))


@bp.route("/produsen/layanan/kapasitas/<int:capacity_id>", methods=["POST"])
@producer_required
def capacity_change(capacity_id: int):
    """Change a capacity's units per day and lead time."""
    cap = _own(capacity_id)
    units, lead = _numbers()
    try:
        capacity_settings.change_capacity(db.session, cap, units_per_day=units, lead_time_days=lead)
    except capacity_settings.CapacityError as exc:
        return _refused(exc)
    db.session.commit()
    flash(_("Kapasitas produksi tersimpan."), "success")
    return redirect(url_for("orders.service_settings", _anchor="kapasitas"))


@bp.route("/produsen/layanan/kapasitas/<int:capacity_id>/hapus", methods=["POST"])
@producer_required
def capacity_remove(capacity_id: int):
    """Remove a capacity: the product or category has no daily limit any more."""
    capacity_settings.remove_capacity(db.session, _own(capacity_id))
    db.session.commit()
    flash(_("Kapasitas produksi dihapus."), "success")
    return redirect(url_for("orders.service_settings", _anchor="kapasitas"))
