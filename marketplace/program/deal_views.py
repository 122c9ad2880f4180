"""Officer pages for deals: the queue, confirming (audited), and verifying groups' updates."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.core import audit
from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.investors import deal_pages, deals, repayments
from marketplace.investors import deal_states as states
from marketplace.investors.deal_forms import OfficerDealForm
from marketplace.investors.deal_models import Deal, DealUpdate
from marketplace.program import bp, queries

officer_only = role_required("officer")


@bp.route("/kesepakatan")
@officer_only
def deal_queue():
    """Deals waiting for confirmation, and running ones with their late instalments."""
    running = deals.by_status(db.session, {states.CONFIRMED})
    late = {d.id: sum(x.late for x in repayments.dues(db.session, d)) for d in running}
    return render_template(
        "program/deals.html",
        waiting=deals.by_status(db.session, {states.AGREED}),
        proposed=deals.by_status(db.session, states.PROPOSED),
        running=running,
        late=late,
        instruments=repayments.INSTRUMENTS,
        states=states,
    )


@bp.route("/kesepakatan/<int:deal_id>", methods=["GET", "POST"])
@officer_only
def deal_review(deal_id: int):
    """One deal: confirm it, cancel it with a reason, or close it as completed (audited)."""
    deal = db.session.get(Deal, deal_id) or abort(404)
    form = OfficerDealForm()
    if form.validate_on_submit():
        note = form.note.data or ""
        try:
            if form.action.data == "confirm":
                deals.confirm(db.session, current_user, deal, note)
            elif form.action.data == "complete":
                deals.complete(db.session, current_user, deal, note)
            else:
                deals.cancel(db.session, deal, current_user, states.OFFICER, note)
        except states.IllegalTransition as exc:
            db.session.rollback()
            abort(409, description=str(exc))
        db.session.commit()
        flash(_("Keputusan tersimpan."), "success")
        return redirect(url_for("program.deal_review", deal_id=deal.id))
    if form.is_submitted():
        abort(400)
    history = audit.entries(db.session, subject_type="deal", subject_id=deal.id)
    return render_template(
        "program/deal_review.html",
        deal=deal,
        form=form,
        dues=repayments.dues(db.session, deal),
        instruments=repayments.INSTRUMENTS,
        states=states,
        history=history,
        actors=queries.audit_actors(db.session, history),
    )


@bp.route("/kesepakatan/<int:deal_id>/kabar/<int:update_id>/verifikasi", methods=["POST"])
@officer_only
def verify_deal_update(deal_id: int, update_id: int):
    """Mark a group's update as seen on a visit (audited)."""
    update = db.session.get(DealUpdate, update_id)
    if update is None or update.deal_id != deal_id:
        abort(404)
    deals.verify_update(db.session, current_user, update)
    db.session.commit()
    flash(_("Kabar ditandai terverifikasi."), "success")
    return redirect(url_for("program.deal_review", deal_id=deal_id))


@bp.route("/kesepakatan/<int:deal_id>/berkas/<int:file_id>")
@officer_only
def deal_file(deal_id: int, file_id: int):
    """A proof or photo of any deal, for the officer."""
    deal = db.session.get(Deal, deal_id) or abort(404)
    return deal_pages.send_file(db.session, deal, file_id)
