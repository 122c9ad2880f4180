"""Company pages for recurring catering: the contracts, a new proposal, and one contract's
next 14 days with counts the staff may change until the group's cutoff. The company always
comes from the login; another company's contract is a 404."""

from __future__ import annotations

from datetime import time

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.core.formatting import long_date, time_wib
from marketplace.extensions import db
from marketplace.orders import logistics
from marketplace.orders.logistics import now_wib, window_label
from marketplace.procurement import bp, catering, catering_days, catering_queries, companies, states
from marketplace.procurement.catering_forms import (
    ACTION_LABELS,
    CUTOFF_HOURS,
    DAY_NAMES,
    CateringForm,
    CompanyActionForm,
    CountForm,
)
from marketplace.procurement.models import ROLE_APPROVER, ROLE_REQUESTER

ORDERING = {ROLE_REQUESTER, ROLE_APPROVER}  # who may propose and change counts


def _company_or_signup():
    return companies.company_for(db.session, current_user)


def _contract(contract_id: int, roles=None):
    """The user's company's contract (404 otherwise) and the user's roles there."""
    company = companies.company_for(db.session, current_user)
    if company is None:
        abort(404)
    companies.require_member(db.session, current_user, company.id, roles)
    contract = catering.company_contract(db.session, company.id, contract_id)
    if contract is None:
        abort(404)
    return contract, companies.roles_of(db.session, current_user.id, company.id)


@bp.route("/katering")
@login_required
def catering_list():
    """The company's catering contracts, newest first."""
    company = _company_or_signup()
    if company is None:
        return redirect(url_for("procurement.register_company"))
    roles = companies.roles_of(db.session, current_user.id, company.id)
    return render_template(
        "procurement/catering_list.html",
        company=company,
        contracts=catering.company_contracts(db.session, company.id),
        can_order=bool(roles & ORDERING),
        day_names=DAY_NAMES,
        days_list=catering.days_list,
        window_label=window_label,
        cutoff_label=catering.cutoff_label,
        contract_label=catering.contract_label,
    )


def _choices(form: CateringForm) -> None:
    form.group_id.choices = [
        (g.id, f"{g.name} ({g.kecamatan})") for g in catering.caterers(db.session)
    ]
    form.point_id.choices = [(p.id, p.name) for p in logistics.all_points(db.session, True)]
    form.window_id.choices = [
        (w.id, window_label(w)) for w in logistics.all_windows(db.session, True)
    ]
    form.cutoff_hour.choices = [(h, time_wib(time(h))) for h in CUTOFF_HOURS]


@bp.route("/katering/baru", methods=["GET", "POST"])
@login_required
def catering_new():
    """A requester or approver proposes a contract to a food group."""
    company = _company_or_signup()
    if company is None:
        return redirect(url_for("procurement.register_company"))
    companies.require_member(db.session, current_user, company.id, ORDERING)
    form = CateringForm()
    _choices(form)
    if form.validate_on_submit():
        terms = catering.Terms(
            group_id=form.group_id.data,
            menu=form.menu.data,
            unit_price=form.unit_price.data,
            count_per_day=form.count_per_day.data,
            days_of_week=catering.days_mask(form.days.data),
            point_id=form.point_id.data,
            window_id=form.window_id.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            cutoff_hour=form.cutoff_hour.data,
        )
        try:
            contract = catering.propose(
                db.session, company, current_user, terms, today=now_wib().date()
            )
        except catering.CateringError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return render_template("procurement/catering_new.html", form=form), 422
        db.session.commit()
        flash(_("Kontrak dikirim ke %(group)s.", group=contract.group.name), "success")
        return redirect(url_for("procurement.catering_detail", contract_id=contract.id), 303)
    status = 422 if form.errors else 200
    return render_template("procurement/catering_new.html", form=form), status


def _detail(contract, roles, *, count_form=None, action_form=None, status=200):
    today = now_wib().date()
    actors = roles
    return render_template(
        "procurement/catering_detail.html",
        contract=contract,
        plans=catering_queries.schedule(db.session, contract, today),
        can_change=bool(roles & ORDERING),
        actions=catering.actions_for(contract, catering.COMPANY_ACTIONS, actors),
        action_labels=ACTION_LABELS,
        count_form=count_form or CountForm(formdata=None),
        action_form=action_form or CompanyActionForm(formdata=None),
        status_label=states.label("contract", contract.status),
        day_names=DAY_NAMES,
        days_list=catering.days_list,
        window_label=window_label,
        cutoff_label=catering.cutoff_label,
        contract_label=catering.contract_label,
    ), status


@bp.route("/katering/<int:contract_id>")
@login_required
def catering_detail(contract_id: int):
    """The contract and its next 14 days."""
    contract, roles = _contract(contract_id)
    return _detail(contract, roles)


@bp.route("/katering/<int:contract_id>/jumlah", methods=["POST"])
@login_required
def catering_count(contract_id: int):
    """Change one day's count (until the cutoff: 409 after it, or when the group is full)."""
    contract, roles = _contract(contract_id, ORDERING)
    form = CountForm()
    if not form.validate_on_submit():
        flash(_("Jumlah tidak valid."), "danger")
        return _detail(contract, roles, count_form=form, status=422)
    try:
        catering_days.set_count(db.session, contract, form.day.data, form.count.data, current_user)
    except catering_days.CountRefused as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(
        _("Jumlah %(day)s: %(n)s porsi.", day=long_date(form.day.data), n=form.count.data),
        "success",
    )
    return redirect(url_for("procurement.catering_detail", contract_id=contract.id), 303)


@bp.route("/katering/<int:contract_id>/status", methods=["POST"])
@login_required
def catering_status(contract_id: int):
    """Pause, resume, end or cancel the contract (moves the states table allows, else 409)."""
    contract, roles = _contract(contract_id)
    form = CompanyActionForm()
    if not form.validate_on_submit():
        return _detail(contract, roles, action_form=form, status=422)
    to = catering.COMPANY_ACTIONS[form.action.data]
    actor = catering.company_actor(roles, contract, to)
    try:
        catering.move(
            db.session, contract, to, actor, reason=form.reason.data or "", today=now_wib().date()
        )
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(_("Status kontrak: %(s)s.", s=states.label("contract", contract.status)), "success")
    return redirect(url_for("procurement.catering_detail", contract_id=contract.id), 303)
