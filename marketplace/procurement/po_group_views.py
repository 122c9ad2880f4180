"""Group (producer) pages of purchase orders, made for a phone: the list and one PO with its
lines, milestones and planned deliveries; accept it, or decline with a reason. The group comes
from the login; another group's PO (or one still awaiting the company's approval) is a 404."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from marketplace.catalog.access import producer_required
from marketplace.extensions import db
from marketplace.procurement import bp, po_services, states
from marketplace.procurement.po_display import labels
from marketplace.procurement.po_forms import ReasonForm


@bp.route("/kelompok/po")
@producer_required
def group_po_list():
    """The group's purchase orders, newest first."""
    pos = po_services.group_pos(db.session, g.group.id)
    return render_template("procurement/group_po_list.html", pos=pos, group=g.group, **labels())


def _page(po, form=None, status=200):
    return render_template(
        "procurement/group_po.html",
        po=po,
        milestones=po_services.milestones(po),
        down_payment=po_services.down_payment(po),
        can_answer=states.allowed("po", po.status, states.PO_ACCEPTED, states.GROUP),
        form=form or ReasonForm(formdata=None),
        **labels(),
    ), status


@bp.route("/kelompok/po/<int:po_id>", methods=["GET", "POST"])
@producer_required
def group_po(po_id: int):
    """One PO of the group; POST action=accept, or action=decline with a reason."""
    po = po_services.load_po(db.session, po_id)
    if po is None or po.group_id != g.group.id or not po_services.visible_to_group(po):
        abort(404)
    if request.method == "GET":
        return _page(po)
    form = ReasonForm()
    if not form.validate_on_submit() or form.action.data not in ("accept", "decline"):
        return _page(po, form, 422)
    reason = (form.reason.data or "").strip()
    if form.action.data == "decline" and not reason:
        form.reason.errors = [_("Tuliskan alasan menolak PO ini.")]
        return _page(po, form, 422)
    try:
        if form.action.data == "accept":
            po_services.accept(db.session, po)
        else:
            po_services.decline(db.session, po, reason)
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    if form.action.data == "accept":
        flash(_("PO %(number)s dikonfirmasi. Siapkan produksinya.", number=po.number), "success")
    else:
        flash(_("PO %(number)s ditolak.", number=po.number), "info")
    return redirect(url_for("procurement.group_po", po_id=po_id), 303)
