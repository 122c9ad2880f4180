"""What the group's and the investor's deal pages share: the terms form, moves, files, context.

Views stay thin: they find the deal for the logged-in side (or 404) and call these.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.core import pdf
from marketplace.core.formatting import long_date
from marketplace.extensions import db
from marketplace.investors import credit_file, deals, documents
from marketplace.investors import deal_states as states
from marketplace.investors.deal_forms import (
    DealForm,
    DisbursementForm,
    MoveForm,
    RepaymentForm,
    UpdateForm,
)
from marketplace.investors.deal_models import Deal, DealFile
from marketplace.investors.pitch_models import Interest
from marketplace.investors.repayments import INSTRUMENTS, ON_TIME_METHOD, dues

MOVES = {"setuju": states.AGREED, "batal": states.CANCELLED}


def endpoint(side: str, name: str) -> str:
    return f"investors.{side}_{name}"


def terms_page(interest: Interest, user: User, side: str):
    """Propose a deal for an interest, or counter the other side's proposal."""
    deal = deals.open_deal(db.session, interest.id)
    if deal is not None and deal.status not in states.PROPOSED:
        return redirect(url_for(endpoint(side, "deal"), deal_id=deal.id))
    form = DealForm()
    error = None
    if deal is not None and not form.is_submitted():
        form.fill(deal)
    if form.validate_on_submit():
        try:
            if deal is None:
                deal = deals.propose(db.session, interest, user, side, form.terms())
            else:
                deals.counter(db.session, deal, user, side, form.terms())
        except states.IllegalTransition as exc:
            db.session.rollback()
            abort(409, description=str(exc))
        except deals.DealError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            db.session.commit()
            flash(_("Usulan kesepakatan terkirim ke pihak lain."), "success")
            return redirect(url_for(endpoint(side, "deal"), deal_id=deal.id))
    return render_template(
        "investors/deal_terms.html",
        form=form,
        interest=interest,
        deal=deal,
        side=side,
        error=error,
        instruments=INSTRUMENTS,
    ), (422 if form.errors or error else 200)


def deal_page(deal: Deal, side: str, **forms):
    """The deal: terms, status, tranches, schedule with expected vs actual, updates."""
    return render_template(
        "investors/deal.html",
        deal=deal,
        side=side,
        dues=dues(db.session, deal),
        instruments=INSTRUMENTS,
        states=states,
        moves=states.next_for(deal.status, side),
        method=ON_TIME_METHOD,
        move_form=forms.get("move_form") or MoveForm(),
        disbursement_form=forms.get("disbursement_form") or DisbursementForm(),
        repayment_form=forms.get("repayment_form") or repayment_form(deal),
        update_form=forms.get("update_form") or UpdateForm(),
    )


def repayment_form(deal: Deal) -> RepaymentForm:
    form = RepaymentForm()
    form.instalment.choices = [
        (i.id, _("Angsuran %(n)s (jatuh tempo %(due)s)", n=i.seq, due=long_date(i.due_on)))
        for i in deal.instalments
    ]
    return form


def move(deal: Deal, user: User, side: str, action: str):
    """Agree to or withdraw the deal (409 when the table forbids it)."""
    target = MOVES.get(action) or abort(404)
    form = MoveForm()
    form.validate_on_submit()
    try:
        if target == states.AGREED:
            deals.agree(db.session, deal, user, side)
            message = _("Kesepakatan disetujui; menunggu konfirmasi pendamping.")
        else:
            deals.cancel(db.session, deal, user, side, form.reason.data or "")
            message = _("Kesepakatan dibatalkan.")
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(endpoint(side, "deal"), deal_id=deal.id))


def checked_upload(field) -> documents.CheckedFile | None:
    """The field's file checked like group documents, None when empty (raises DocumentRejected)."""
    upload = field.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return documents.check_upload(upload.read(), upload.filename or "")


def send_file(session: Session, deal: Deal, file_id: int):
    row = session.get(DealFile, file_id)
    if row is None or row.deal_id != deal.id:
        abort(404)
    return documents.send(row.storage_key, row.content_type, row.original_name)


def credit_file_response(session: Session, group):
    """The group's credit file as a PDF download (503 where PDFs cannot be made)."""
    context = credit_file.context(session, group)
    data = pdf.render_pdf("investors/pdf/credit_file.html", **context)
    return pdf.pdf_response(data, f"berkas-kredit-{group.slug}")
