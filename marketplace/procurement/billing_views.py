"""Invoice pages of company staff (list, detail, pay, report a transfer), the invoice PDF and
the officers' overdue list. The company comes from the invoice's PO and the login: staff of
another company get 404, staff without the finance role 403 on paying."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.core import pdf
from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.payments import midtrans
from marketplace.procurement import bp, companies, invoice_payments, invoice_queries, states
from marketplace.procurement.billing_forms import TransferReportForm
from marketplace.procurement.billing_models import Invoice
from marketplace.procurement.invoicing import PPN_PERCENT
from marketplace.procurement.models import ROLE_FINANCE

bp.add_app_template_global(invoice_queries.kind_label, "invoice_kind_label")
bp.add_app_template_global(invoice_queries.paid_via_label, "paid_via_label")
bp.add_app_template_global(lambda s: states.label("invoice", s), "invoice_status_label")


def _company_invoice(invoice_id: int, roles=None) -> Invoice:
    """The invoice, when the user is staff of its company (with one of `roles`)."""
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None:
        abort(404)
    companies.require_member(db.session, current_user, invoice.po.company_id, roles)
    return invoice


@bp.route("/tagihan")
@login_required
def invoices():
    """The company's invoices: open ones first by due date, overdue highlighted."""
    mine = companies.company_for(db.session, current_user)
    if mine is None:
        return redirect(url_for("procurement.register_company"))
    return render_template(
        "procurement/invoices.html",
        company=mine,
        invoices=invoice_queries.company_invoices(db.session, mine.id),
    )


def _detail(invoice: Invoice, form=None, status: int = 200):
    roles = companies.roles_of(db.session, current_user.id, invoice.po.company_id)
    g.csp_form_action = midtrans.snap_origins()  # the pay form is redirected to Snap
    return render_template(
        "procurement/invoice.html",
        invoice=invoice,
        terms=invoice_queries.terms_label(invoice.po.terms),
        ppn_rate=PPN_PERCENT,
        payable=invoice.status in invoice_payments.PAYABLE,
        is_finance=ROLE_FINANCE in roles,
        midtrans_on=invoice_payments.midtrans_available(),
        form=form or TransferReportForm(formdata=None),
    ), status


@bp.route("/tagihan/<int:invoice_id>")
@login_required
def invoice_detail(invoice_id: int):
    """One invoice: amounts, both tax identities, due date, and how to pay it."""
    return _detail(_company_invoice(invoice_id))


@bp.route("/tagihan/<int:invoice_id>/bayar", methods=["POST"])
@login_required
def invoice_pay(invoice_id: int):
    """Finance staff: open (or resume) the Midtrans payment of the invoice."""
    invoice = _company_invoice(invoice_id, {ROLE_FINANCE})
    back = redirect(url_for("procurement.invoice_detail", invoice_id=invoice_id), 303)
    try:
        attempt = invoice_payments.start_payment(db.session, invoice, current_user)
    except invoice_payments.InvoicePaymentError as exc:
        db.session.rollback()
        flash(str(exc), "warning")
        return back
    except midtrans.GatewayError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return back
    db.session.commit()
    return redirect(attempt.redirect_url, code=303)


@bp.route("/tagihan/<int:invoice_id>/transfer", methods=["POST"])
@login_required
def invoice_transfer(invoice_id: int):
    """Finance staff report a bank transfer (reference and date); the group confirms it."""
    invoice = _company_invoice(invoice_id, {ROLE_FINANCE})
    form = TransferReportForm()
    if not form.validate_on_submit():
        return _detail(invoice, form, 422)
    try:
        done = invoice_payments.report_transfer(
            db.session, invoice, current_user, form.reference.data, form.paid_on.data
        )
    except invoice_payments.InvoicePaymentError as exc:
        db.session.rollback()
        form.paid_on.errors = [str(exc)]
        return _detail(invoice, form, 422)
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    if done:
        flash(_("Transfer dilaporkan. Kelompok akan mengonfirmasi penerimaannya."), "success")
    else:
        flash(_("Transfer ini sudah dilaporkan."), "info")
    return redirect(url_for("procurement.invoice_detail", invoice_id=invoice_id), 303)


def _may_read(invoice: Invoice) -> bool:
    """Staff of the buying company, members of the selling group, officers."""
    if current_user.role == "officer":
        return True
    membership = current_user.group_membership
    if membership is not None and membership.group_id == invoice.po.group_id:
        return True
    return bool(companies.roles_of(db.session, current_user.id, invoice.po.company_id))


@bp.route("/tagihan/<int:invoice_id>/pdf")
@login_required
def invoice_pdf(invoice_id: int):
    """The invoice as an A4 PDF (503 where this server cannot make PDFs)."""
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None or not _may_read(invoice):
        abort(404)
    context = invoice_queries.pdf_context(db.session, invoice)
    data = pdf.render_pdf("procurement/pdf/invoice.html", doc_title=_("Tagihan"), **context)
    return pdf.pdf_response(data, f"{invoice.number}.pdf")


@bp.route("/petugas/tagihan")
@role_required("officer")
def officer_invoices():
    """Officers: overdue invoices across companies, the longest overdue first."""
    return render_template(
        "procurement/officer_invoices.html",
        invoices=invoice_queries.overdue_invoices(db.session),
    )
