"""Incentive rounds: the officer's pages (create, rank, decide, award, close) and the group's
own page (its aid and, per round, its rank and why). Every move on a round goes through
`incentives` (the states table: an illegal move answers 409)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalog.access import current_group, producer_required
from marketplace.catalog.aid_models import AID_KINDS, AID_SOURCES
from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.program import aid, bp, incentive_queries, incentives
from marketplace.program import incentive_states as states
from marketplace.program.incentive_figures import CRITERIA, points, show_value, unit
from marketplace.program.incentive_forms import ActionForm, DecisionForm, GivenForm, RoundForm
from marketplace.program.incentive_models import IncentiveRound

officer_only = role_required("officer")
LABELS = {
    "statuses": states.STATUSES,
    "criteria": CRITERIA,
    "show_value": show_value,
    "points": points,
    "unit": unit,
    "aid_kinds": AID_KINDS,
    "aid_sources": AID_SOURCES,
}


def _first_error(form) -> str:
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return _("Periksa isian.")


@bp.route("/insentif", methods=["GET", "POST"])
@officer_only
def incentive_rounds():
    """Every round, and the form for a new one."""
    form = RoundForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                rnd = incentives.create_round(
                    db.session,
                    current_user,
                    form.name.data,
                    form.cutoff.data,
                    form.budget.data,
                    form.weights(),
                )
            except incentives.IncentiveError as exc:
                db.session.rollback()
                flash(str(exc), "danger")
                status = 422
            else:
                db.session.commit()
                flash(_("Putaran insentif dibuat."), "success")
                return redirect(url_for("program.incentive_round", round_id=rnd.id))
        else:
            flash(_first_error(form), "danger")
            status = 422
    return render_template(
        "program/incentive_rounds.html",
        rounds=incentive_queries.rounds(db.session),
        form=form,
        **LABELS,
    ), status


def _round(round_id: int) -> IncentiveRound:
    return db.session.get(IncentiveRound, round_id) or abort(404)


def _page(rnd: IncentiveRound, status: int = 200):
    return render_template(
        "program/incentive_round.html",
        rnd=rnd,
        ranking=incentives.ranking(db.session, rnd.id),
        decisions=incentives.decisions(db.session, rnd.id),
        eligible=incentive_queries.eligible_count(db.session),
        action_form=ActionForm(),
        decision_form=DecisionForm(formdata=None),
        given_form=GivenForm(formdata=None),
        **LABELS,
    ), status


@bp.route("/insentif/<int:round_id>")
@officer_only
def incentive_round(round_id: int):
    """A round: its criteria and weights, the frozen ranking, decisions and awards."""
    return _page(_round(round_id))


def _run(rnd: IncentiveRound, action, done: str):
    """Run a service call; IllegalTransition → 409, IncentiveError → 422 with the message."""
    try:
        result = action()
    except incentives.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    except incentives.IncentiveError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _page(rnd, 422)
    db.session.commit()
    if result is False:
        flash(_("Sudah tercatat sebelumnya."), "info")
    else:
        flash(done, "success")
    return redirect(url_for("program.incentive_round", round_id=rnd.id))


def _group_id(form) -> int | None:
    try:
        return int(form.group_id.data)
    except (TypeError, ValueError):
        return None


@bp.route("/insentif/<int:round_id>/hitung", methods=["POST"])
@officer_only
def incentive_compute(round_id: int):
    """Compute the ranking at the cut-off and freeze it (once: a second time is 409)."""
    rnd = _round(round_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _run(
        rnd,
        lambda: incentives.compute_ranking(db.session, current_user, rnd),
        _("Peringkat dihitung dan dibekukan."),
    )


@bp.route("/insentif/<int:round_id>/keputusan", methods=["POST"])
@officer_only
def incentive_decide(round_id: int):
    """Award or not, with amount and reason, for one ranked group."""
    rnd = _round(round_id)
    form = DecisionForm()
    group_id = _group_id(form)
    if not form.validate_on_submit() or group_id is None:
        flash(_first_error(form), "danger")
        return _page(rnd, 422)
    return _run(
        rnd,
        lambda: incentives.decide(
            db.session,
            current_user,
            rnd,
            group_id,
            form.award.data == "yes",
            form.amount.data,
            form.reason.data,
        ),
        _("Keputusan tersimpan."),
    )


@bp.route("/insentif/<int:round_id>/selesai-keputusan", methods=["POST"])
@officer_only
def incentive_finish(round_id: int):
    """Every ranked group decided: the round moves to decided."""
    rnd = _round(round_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _run(
        rnd,
        lambda: incentives.finish_decisions(db.session, current_user, rnd),
        _("Keputusan putaran lengkap."),
    )


@bp.route("/insentif/<int:round_id>/diserahkan", methods=["POST"])
@officer_only
def incentive_given(round_id: int):
    """Record the date an awarded incentive was handed over."""
    rnd = _round(round_id)
    form = GivenForm()
    group_id = _group_id(form)
    if not form.validate_on_submit() or group_id is None:
        flash(_first_error(form), "danger")
        return _page(rnd, 422)
    return _run(
        rnd,
        lambda: incentives.mark_given(db.session, current_user, rnd, group_id, form.given_on.data),
        _("Penyerahan insentif tercatat."),
    )


@bp.route("/insentif/<int:round_id>/tutup", methods=["POST"])
@officer_only
def incentive_close(round_id: int):
    """Close a decided round once every award is given."""
    rnd = _round(round_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _run(
        rnd,
        lambda: incentives.close_round(db.session, current_user, rnd),
        _("Putaran insentif ditutup."),
    )


@bp.route("/kelompok-saya/bantuan-insentif")
@producer_required
def group_incentives():
    """The group's own aid records and, per ranked round, its rank and why (no other group's
    figures: only how many groups were ranked)."""
    group = current_group()
    records = aid.group_aid(db.session, group.id)
    return render_template(
        "program/group_incentives.html",
        group=group,
        records=records,
        aid_total=aid.total_amount(records),
        places=incentive_queries.group_places(db.session, group.id),
        **LABELS,
    )
