"""Officer pages: companies waiting for verification, and each decision (audit-logged)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.procurement import bp, companies, states
from marketplace.procurement.forms import CompanyDecisionForm
from marketplace.procurement.models import Company

officer_only = role_required("officer")


@bp.route("/petugas/perusahaan")
@officer_only
def officer_companies():
    """Companies by status, those waiting for verification first."""
    status = request.args.get("status", states.COMPANY_PENDING)
    if status not in states.labels("company"):
        abort(404)
    return render_template(
        "procurement/officer_companies.html",
        companies=companies.companies_by_status(db.session, status),
        status=status,
        statuses=states.labels("company"),
    )


@bp.route("/petugas/perusahaan/<int:company_id>", methods=["GET", "POST"])
@officer_only
def officer_company(company_id: int):
    """One company's data, staff and decisions so far, and the decision form."""
    company = db.session.get(Company, company_id) or abort(404)
    form = CompanyDecisionForm()
    status = 200
    if form.validate_on_submit():
        try:
            companies.decide_company(
                db.session, current_user, company, form.action.data, form.reason.data or ""
            )
        except states.IllegalTransition as exc:
            db.session.rollback()
            abort(409, description=str(exc))
        db.session.commit()
        flash(_("Keputusan untuk %(name)s tersimpan.", name=company.name), "success")
        return redirect(url_for("procurement.officer_company", company_id=company_id), 303)
    if form.errors:
        flash(_("Tindakan tidak valid."), "danger")
        status = 400
    return render_template(
        "procurement/officer_company.html",
        company=company,
        staff=companies.staff(db.session, company),
        form=form,
        history=companies.decision_history(db.session, company),
        actions=companies.decisions_possible(company),
    ), status
