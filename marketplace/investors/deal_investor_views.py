"""Investor pages for deals: propose or agree, disbursements, the portfolio, the credit file."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.catalog.images import one_upload_at_a_time
from marketplace.catalog.models import ProducerGroup
from marketplace.extensions import db
from marketplace.investors import (
    bp,
    deal_pages,
    deals,
    documents,
    portfolio,
    repayments,
    transfers,
)
from marketplace.investors import deal_states as states
from marketplace.investors.access import investor_required
from marketplace.investors.deal_forms import DisbursementForm
from marketplace.investors.deal_models import Deal, DealTranche
from marketplace.investors.pitch_models import Interest

SIDE = states.INVESTOR


def _own_deal(deal_id: int) -> Deal:
    """The logged-in investor's deal, or 404 (other investors never learn it exists)."""
    deal = db.session.get(Deal, deal_id)
    if deal is None or deal.investor_id != current_user.id:
        abort(404)
    return deal


@bp.route("/investor/minat/<int:interest_id>/kesepakatan", methods=["GET", "POST"])
@investor_required
def investor_terms(interest_id: int):
    """Propose a deal to the group of this interest, or counter its proposal."""
    item = db.session.get(Interest, interest_id)
    if item is None or item.investor_id != current_user.id:
        abort(404)
    return deal_pages.terms_page(item, current_user, SIDE)


@bp.route("/investor/kesepakatan/<int:deal_id>")
@investor_required
def investor_deal(deal_id: int):
    """One deal as the investor sees it."""
    return deal_pages.deal_page(_own_deal(deal_id), SIDE)


@bp.route("/investor/kesepakatan/<int:deal_id>/<action>", methods=["POST"])
@investor_required
def investor_deal_move(deal_id: int, action: str):
    """Agree to the group's proposal, or withdraw."""
    return deal_pages.move(_own_deal(deal_id), current_user, SIDE, action)


@bp.route("/investor/kesepakatan/<int:deal_id>/pencairan/<int:tranche_id>", methods=["POST"])
@one_upload_at_a_time
@investor_required
def investor_disbursement(deal_id: int, tranche_id: int):
    """Report a tranche sent to the group, with the transfer's reference and proof."""
    deal = _own_deal(deal_id)
    tranche = db.session.get(DealTranche, tranche_id)
    if tranche is None or tranche.deal_id != deal.id:
        abort(404)
    form = DisbursementForm()
    if not form.validate_on_submit():
        return deal_pages.deal_page(deal, SIDE, disbursement_form=form), 422
    try:
        checked = deal_pages.checked_upload(form.proof)
        proof = deals.add_file(db.session, deal, checked, current_user) if checked else None
        new = transfers.record_disbursement(
            db.session,
            deal,
            tranche,
            current_user,
            form.disbursed_on.data,
            form.reference.data,
            proof,
        )
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    except (transfers.RepaymentError, documents.DocumentRejected) as exc:
        db.session.rollback()
        form.reference.errors = [str(exc)]
        return deal_pages.deal_page(deal, SIDE, disbursement_form=form), 422
    if not new and proof is not None:
        db.session.rollback()  # the same transfer again: keep nothing of this submission
        documents.remove(proof.storage_key)
    else:
        db.session.commit()
    flash(_("Pencairan tercatat.") if new else _("Pencairan ini sudah tercatat."), "success")
    return redirect(url_for("investors.investor_deal", deal_id=deal.id))


@bp.route("/investor/kesepakatan/<int:deal_id>/berkas/<int:file_id>")
@investor_required
def investor_deal_file(deal_id: int, file_id: int):
    """A proof or photo of one of the investor's deals."""
    return deal_pages.send_file(db.session, _own_deal(deal_id), file_id)


@bp.route("/investor/portofolio")
@investor_required
def portfolio_page():
    """The investor's deals, money out and back, upcoming dues, updates, sales since funding."""
    return render_template(
        "investors/portfolio.html",
        p=portfolio.for_investor(db.session, current_user.id),
        instruments=repayments.INSTRUMENTS,
        states=states,
        method=portfolio.SINCE_FUNDING_METHOD,
        on_time_method=repayments.ON_TIME_METHOD,
    )


@bp.route("/investor/kelompok/<slug>/berkas-kredit.pdf")
@investor_required
def investor_credit_file(slug: str):
    """The credit file of a group the investor has a deal with (others: 404)."""
    group = db.session.scalars(select(ProducerGroup).where(ProducerGroup.slug == slug)).first()
    if group is None or not deals.investor_has_deal(db.session, current_user.id, group.id):
        abort(404)
    return deal_pages.credit_file_response(db.session, group)
