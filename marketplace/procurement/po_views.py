"""Company pages of purchase orders: award a request (the split), the PO list and page,
approval, cancellation and the PDF. Another company's request or PO is a 404 (staff only
reach their own company's rows, `companies.require_member`); a role that may not act, 403."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.core import pdf
from marketplace.extensions import db
from marketplace.orders.forms import parse_quantity
from marketplace.procurement import award, bp, companies, po_services, states
from marketplace.procurement.po_display import labels, pdf_context
from marketplace.procurement.po_forms import AwardForm, ReasonForm
from marketplace.procurement.po_models import PurchaseOrder
from marketplace.procurement.rfq_models import Rfq

MAX_UNITS = 9_999_999


def _field(group_id: int, item_id: int) -> str:
    return f"q-{group_id}-{item_id}"


def _rfq_for_award(rfq_id: int) -> Rfq:
    rfq = db.session.get(Rfq, rfq_id)
    if rfq is None:
        abort(404)
    companies.require_member(db.session, current_user, rfq.company_id, {states.REQUESTER})
    return rfq


def _award_page(rfq, form, *, typed=None, error=None, status=200):
    ctx = award.context(db.session, rfq) if rfq.status == states.RFQ_SENT else None
    shares = {}
    if ctx is not None:
        for plan in ctx.proposal.plans:
            for item_id, qty in plan.quantities.items():
                shares[_field(plan.group_id, item_id)] = qty
    if typed:
        shares.update(typed)
    return render_template(
        "procurement/award.html",
        rfq=rfq,
        ctx=ctx,
        form=form,
        shares=shares,
        field_name=_field,
        error=error,
        **labels(),
    ), status


def _typed_shares(ctx) -> tuple[dict, dict, bool]:
    """The quantity grid as typed: (group id -> item id -> units, raw field values, all valid)."""
    shares, raw, ok = {}, {}, True
    for gid in ctx.quotes:
        for item in ctx.rfq.items:
            name = _field(gid, item.id)
            value = request.form.get(name, "").strip() or "0"
            raw[name] = value
            qty = parse_quantity(value, MAX_UNITS)
            if qty is None:
                ok = False
                continue
            shares.setdefault(gid, {})[item.id] = qty
    return shares, raw, ok


@bp.route("/permintaan/<int:rfq_id>/pemenang", methods=["GET", "POST"])
@login_required
def award_rfq(rfq_id: int):
    """The proposed split of a request over the groups that quoted; the buyer adjusts the
    quantities, picks terms and a down payment, and awards: one PO per group."""
    rfq = _rfq_for_award(rfq_id)
    if request.method == "GET":
        return _award_page(rfq, AwardForm(formdata=None))
    form = AwardForm()
    if rfq.status == states.RFQ_AWARDED:
        flash(_("Permintaan ini sudah dipilih pemenangnya; PO-nya ada di bawah."), "info")
        return redirect(url_for("procurement.po_list"), 303)
    if not form.validate_on_submit():
        return _award_page(rfq, form, status=422)
    shares, raw, ok = _typed_shares(award.context(db.session, rfq))
    if not ok:
        return _award_page(rfq, form, typed=raw, error=_("Jumlah harus angka bulat."), status=422)
    try:
        pos = award.award(
            db.session,
            rfq,
            current_user,
            shares,
            terms=form.terms.data,
            down_payment_percent=form.down_payment_percent.data,
            partial=form.partial.data,
        )
    except award.AlreadyAwarded:
        db.session.rollback()
        flash(_("Permintaan ini sudah dipilih pemenangnya; PO-nya ada di bawah."), "info")
        return redirect(url_for("procurement.po_list"), 303)
    except award.AwardError as exc:
        db.session.rollback()
        return _award_page(_rfq_for_award(rfq_id), form, typed=raw, error=str(exc), status=422)
    except award.CapacityConflict as exc:
        db.session.rollback()
        return _award_page(_rfq_for_award(rfq_id), form, error=str(exc), status=409)
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    numbers = ", ".join(po.number for po in pos)
    db.session.commit()
    flash(_("PO dibuat: %(numbers)s.", numbers=numbers), "success")
    return redirect(url_for("procurement.po_list"), 303)


@bp.route("/po")
@login_required
def po_list():
    """All the company's purchase orders, newest first (a fixed number of statements)."""
    mine = companies.company_for(db.session, current_user)
    if mine is None:
        return redirect(url_for("procurement.register_company"))
    pos = po_services.company_pos(db.session, mine.id)
    return render_template("procurement/po_list.html", company=mine, pos=pos, **labels())


def _company_po(po_id: int, roles=None) -> tuple[PurchaseOrder, set[str]]:
    po = po_services.load_po(db.session, po_id)
    if po is None:
        abort(404)
    companies.require_member(db.session, current_user, po.company_id, roles)
    return po, companies.roles_of(db.session, current_user.id, po.company_id)


def _cancel_actor(po: PurchaseOrder, roles: set[str]) -> str | None:
    for actor in (states.APPROVER, states.REQUESTER):
        if actor in roles and states.allowed("po", po.status, states.PO_CANCELLED, actor):
            return actor
    return None


def _po_page(po, roles, form=None, status=200):
    return render_template(
        "procurement/po_detail.html",
        po=po,
        milestones=po_services.milestones(po),
        down_payment=po_services.down_payment(po),
        can_approve=states.APPROVER in roles
        and states.allowed("po", po.status, states.PO_ISSUED, states.APPROVER),
        can_cancel=_cancel_actor(po, roles) is not None,
        form=form or ReasonForm(formdata=None),
        **labels(),
    ), status


@bp.route("/po/<int:po_id>")
@login_required
def po_detail(po_id: int):
    """A PO: lines, totals with PPN, terms, milestones, the group's contact, the buttons."""
    return _po_page(*_company_po(po_id))


@bp.route("/po/<int:po_id>/setujui", methods=["POST"])
@login_required
def po_approve(po_id: int):
    """An approver signs off a PO above the company's threshold: it goes to the group."""
    po, _roles = _company_po(po_id, {states.APPROVER})
    try:
        po_services.approve(db.session, po, current_user)
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(_("PO %(number)s disetujui dan dikirim ke kelompok.", number=po.number), "success")
    return redirect(url_for("procurement.po_detail", po_id=po_id), 303)


@bp.route("/po/<int:po_id>/batal", methods=["POST"])
@login_required
def po_cancel(po_id: int):
    """Cancel a PO (approver; a requester only while it awaits approval); reason required."""
    po, roles = _company_po(po_id)
    actor = _cancel_actor(po, roles)
    if actor is None:
        if not roles & {states.APPROVER, states.REQUESTER}:
            abort(403)
        abort(409, description=_("PO ini tidak bisa dibatalkan sekarang."))
    form = ReasonForm()
    reason = (form.reason.data or "").strip()
    if not form.validate_on_submit() or not reason:
        form.reason.errors = [*form.reason.errors, _("Alasan wajib diisi untuk perubahan ini.")]
        return _po_page(po, roles, form, 422)
    try:
        po_services.cancel(db.session, po, actor, reason)
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(_("PO %(number)s dibatalkan.", number=po.number), "success")
    return redirect(url_for("procurement.po_detail", po_id=po_id), 303)


@bp.route("/po/<int:po_id>/pdf")
@login_required
def po_pdf(po_id: int):
    """The PO as a PDF: for the company's staff and the PO's group; anyone else finds nothing."""
    po = po_services.load_po(db.session, po_id)
    if po is None:
        abort(404)
    membership = current_user.group_membership
    in_group = membership is not None and membership.group_id == po.group_id
    if not (in_group and po_services.visible_to_group(po)) and not companies.roles_of(
        db.session, current_user.id, po.company_id
    ):
        abort(404)
    data = pdf.render_pdf("procurement/pdf/po.html", **pdf_context(db.session, po))
    return pdf.pdf_response(data, po.number)
