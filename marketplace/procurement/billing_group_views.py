"""The group's invoices (producer side): what companies owe, and confirming reported transfers.
The group always comes from the login; another group's invoice is 404."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalog.access import producer_required
from marketplace.extensions import db
from marketplace.payments import receivables
from marketplace.procurement import bp, invoice_payments, invoice_queries, states
from marketplace.procurement.billing_forms import TransferDecisionForm
from marketplace.procurement.billing_models import Invoice


def _page(status: int = 200):
    return render_template(
        "procurement/group_invoices.html",
        group=g.group,
        invoices=invoice_queries.group_invoices(db.session, g.group.id),
        outstanding=receivables.outstanding(db.session, g.group.id),
    ), status


@bp.route("/kelompok/tagihan")
@producer_required
def group_invoices():
    """The group's invoices to companies and its outstanding receivables."""
    return _page()


@bp.route("/kelompok/tagihan/<int:invoice_id>/konfirmasi", methods=["POST"])
@producer_required
def group_invoice_decision(invoice_id: int):
    """Confirm a reported transfer (paid) or say it did not arrive, with a reason."""
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None or invoice.po.group_id != g.group.id:
        abort(404)
    form = TransferDecisionForm()
    if not form.validate_on_submit():
        flash(_("Pilih konfirmasi atau penolakan transfer."), "danger")
        return _page(422)
    if form.action.data == "reject" and not (form.reason.data or "").strip():
        flash(_("Tulis alasan mengapa transfer belum diterima."), "danger")
        return _page(422)
    try:
        if form.action.data == "confirm":
            done = invoice_payments.confirm_transfer(db.session, invoice, current_user)
            message = _("Tagihan %(number)s lunas.", number=invoice.number)
        else:
            done = invoice_payments.reject_transfer(
                db.session, invoice, current_user, form.reason.data or ""
            )
            message = _("Perusahaan diberi tahu bahwa transfer belum diterima.")
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(message if done else _("Sudah dicatat sebelumnya."), "success" if done else "info")
    return redirect(url_for("procurement.group_invoices"), 303)
