"""Group pages for recurring catering: the contracts offered to the group (accept or
decline), and the daily list of what to cook for which gate and shift. The group always
comes from the login; another group's contract is a 404."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from marketplace.catalog.access import producer_required
from marketplace.extensions import db
from marketplace.orders.logistics import now_wib, window_label
from marketplace.procurement import bp, catering, catering_queries, states
from marketplace.procurement.catering_forms import ACTION_LABELS, DAY_NAMES, GroupActionForm

COOKING_DAYS = 7


@bp.route("/kelompok/katering")
@producer_required
def group_catering_list():
    """The group's contracts and the next days' cooking list."""
    today = now_wib().date()
    return render_template(
        "procurement/group_catering_list.html",
        contracts=catering.group_contracts(db.session, g.group.id),
        cooking=catering_queries.cooking_list(db.session, g.group.id, today, COOKING_DAYS),
        today=today,
        day_names=DAY_NAMES,
        days_list=catering.days_list,
        window_label=window_label,
        cutoff_label=catering.cutoff_label,
        contract_label=catering.contract_label,
    )


@bp.route("/kelompok/katering/<int:contract_id>", methods=["GET", "POST"])
@producer_required
def group_catering_detail(contract_id: int):
    """One contract: accept or decline a proposal, stop a running one, and its days."""
    contract = catering.group_contract(db.session, g.group.id, contract_id)
    if contract is None:
        abort(404)
    form = GroupActionForm()
    status = 200
    if form.is_submitted():
        if form.validate():
            to = catering.GROUP_ACTIONS[form.action.data]
            try:
                catering.move(
                    db.session,
                    contract,
                    to,
                    states.GROUP,
                    reason=form.reason.data or "",
                    today=now_wib().date(),
                )
            except states.IllegalTransition as exc:
                db.session.rollback()
                abort(409, description=str(exc))
            db.session.commit()
            flash(
                _("Status kontrak: %(s)s.", s=states.label("contract", contract.status)),
                "success",
            )
            return redirect(
                url_for("procurement.group_catering_detail", contract_id=contract.id), 303
            )
        status = 422
    today = now_wib().date()
    return render_template(
        "procurement/group_catering_detail.html",
        contract=contract,
        plans=catering_queries.schedule(db.session, contract, today),
        actions=catering.actions_for(contract, catering.GROUP_ACTIONS, {states.GROUP}),
        action_labels=ACTION_LABELS,
        form=form,
        status_label=states.label("contract", contract.status),
        day_names=DAY_NAMES,
        days_list=catering.days_list,
        window_label=window_label,
        cutoff_label=catering.cutoff_label,
        contract_label=catering.contract_label,
    ), status
