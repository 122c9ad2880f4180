"""Producer pages for deals: propose or agree, repayments, updates, the credit file PDF."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalog.access import producer_required
from marketplace.catalog.images import one_upload_at_a_time
from marketplace.extensions import db
from marketplace.investors import bp, deal_pages, deals, documents, repayments, transfers
from marketplace.investors import deal_states as states
from marketplace.investors.deal_forms import UpdateForm
from marketplace.investors.deal_models import Deal, DealInstalment
from marketplace.investors.pitch_models import Interest

BASE = "/produsen/investasi"
SIDE = states.GROUP


def _own_deal(deal_id: int) -> Deal:
    deal = db.session.get(Deal, deal_id)
    if deal is None or deal.group_id != g.group.id:
        abort(404)
    return deal


@bp.route(f"{BASE}/minat/<int:interest_id>/kesepakatan", methods=["GET", "POST"])
@producer_required
def group_terms(interest_id: int):
    """Propose a deal to the investor of this interest, or counter their proposal."""
    item = db.session.get(Interest, interest_id)
    if item is None or item.pitch.group_id != g.group.id:
        abort(404)
    return deal_pages.terms_page(item, current_user, SIDE)


@bp.route(f"{BASE}/kesepakatan")
@producer_required
def group_deals():
    """The group's deals with investors."""
    return render_template(
        "investors/deals.html",
        items=deals.for_group(db.session, g.group.id),
        side=SIDE,
        on_time=repayments.group_on_time(db.session, g.group.id),
        method=repayments.ON_TIME_METHOD,
    )


@bp.route(f"{BASE}/kesepakatan/<int:deal_id>")
@producer_required
def group_deal(deal_id: int):
    """One deal as the group sees it."""
    return deal_pages.deal_page(_own_deal(deal_id), SIDE)


@bp.route(f"{BASE}/kesepakatan/<int:deal_id>/<action>", methods=["POST"])
@producer_required
def group_deal_move(deal_id: int, action: str):
    """Agree to the investor's proposal, or withdraw."""
    return deal_pages.move(_own_deal(deal_id), current_user, SIDE, action)


@bp.route(f"{BASE}/kesepakatan/<int:deal_id>/bayar", methods=["POST"])
@one_upload_at_a_time
@producer_required
def group_repayment(deal_id: int):
    """Report a repayment against an instalment (with the transfer's reference)."""
    deal = _own_deal(deal_id)
    form = deal_pages.repayment_form(deal)
    if not form.validate_on_submit():
        return deal_pages.deal_page(deal, SIDE, repayment_form=form), 422
    instalment = db.session.get(DealInstalment, form.instalment.data)
    if instalment is None or instalment.deal_id != deal.id:
        abort(404)
    try:
        checked = deal_pages.checked_upload(form.proof)
        proof = deals.add_file(db.session, deal, checked, current_user) if checked else None
        _row, new = transfers.record_repayment(
            db.session,
            deal,
            instalment,
            current_user,
            form.amount.data,
            form.paid_on.data,
            form.reference.data,
            proof,
        )
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    except (transfers.RepaymentError, documents.DocumentRejected) as exc:
        db.session.rollback()
        form.reference.errors = [str(exc)]
        return deal_pages.deal_page(deal, SIDE, repayment_form=form), 422
    db.session.commit()
    flash(_("Pembayaran tercatat.") if new else _("Pembayaran ini sudah tercatat."), "success")
    return redirect(url_for("investors.group_deal", deal_id=deal.id))


@bp.route(f"{BASE}/kesepakatan/<int:deal_id>/kabar", methods=["POST"])
@one_upload_at_a_time
@producer_required
def group_update(deal_id: int):
    """Tell the investor what the money bought and the jobs added, with photos."""
    deal = _own_deal(deal_id)
    form = UpdateForm()
    if not form.validate_on_submit():
        return deal_pages.deal_page(deal, SIDE, update_form=form), 422
    try:
        photos = []
        for upload in form.photos.data or []:
            if getattr(upload, "filename", ""):
                photos.append(documents.check_upload(upload.read(), upload.filename))
        deals.post_update(
            db.session, deal, current_user, form.body.data, form.jobs_added.data, photos
        )
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    except (deals.DealError, documents.DocumentRejected) as exc:
        db.session.rollback()
        form.body.errors = [str(exc)]
        return deal_pages.deal_page(deal, SIDE, update_form=form), 422
    db.session.commit()
    flash(_("Kabar terkirim ke investor."), "success")
    return redirect(url_for("investors.group_deal", deal_id=deal.id))


@bp.route(f"{BASE}/kesepakatan/<int:deal_id>/berkas/<int:file_id>")
@producer_required
def group_deal_file(deal_id: int, file_id: int):
    """A proof or photo of one of the group's deals."""
    return deal_pages.send_file(db.session, _own_deal(deal_id), file_id)


@bp.route(f"{BASE}/berkas-kredit.pdf")
@producer_required
def group_credit_file():
    """The group's credit file for a bank's KUR desk (PDF)."""
    return deal_pages.credit_file_response(db.session, g.group)
