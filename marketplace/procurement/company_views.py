"""Company staff pages: register a company, see its data and staff, manage roles and the
approval threshold. The company always comes from the login, never from the URL."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask import session as cookie_session
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.extensions import db
from marketplace.procurement import bp, companies
from marketplace.procurement.forms import CompanyForm, MemberForm, ThresholdForm
from marketplace.procurement.models import ROLE_APPROVER


def _page(company, *, member_form=None, threshold_form=None, status=200):
    roles = companies.roles_of(db.session, current_user.id, company.id)
    return render_template(
        "procurement/company.html",
        company=company,
        staff=companies.staff(db.session, company),
        my_roles=roles,
        can_manage=ROLE_APPROVER in roles,
        member_form=member_form or MemberForm(formdata=None),
        threshold_form=threshold_form
        or ThresholdForm(formdata=None, approval_threshold=company.approval_threshold),
    ), status


@bp.route("/daftar", methods=["GET", "POST"])
@login_required
def register_company():
    """A logged-in worker registers the company they buy for, and holds every role in it."""
    if companies.company_for(db.session, current_user) is not None:
        return redirect(url_for("procurement.company"))
    if current_user.role != "buyer":
        abort(403)
    form = CompanyForm()
    if form.validate_on_submit():
        try:
            company = companies.register_company(
                db.session,
                current_user,
                name=form.name.data,
                npwp=form.npwp.data,
                address=form.address.data,
                is_pkp=form.is_pkp.data == "yes",
            )
        except companies.CompanyError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return render_template("procurement/register.html", form=form), 422
        db.session.commit()
        cookie_session[companies.SESSION_FLAG] = True
        flash(
            _("%(name)s terdaftar dan menunggu verifikasi pendamping.", name=company.name),
            "success",
        )
        return redirect(url_for("procurement.company"))
    return render_template("procurement/register.html", form=form), (422 if form.errors else 200)


@bp.route("/perusahaan")
@login_required
def company():
    """The company's data, its staff and their roles."""
    mine = companies.company_for(db.session, current_user)
    if mine is None:
        return redirect(url_for("procurement.register_company"))
    return _page(mine)


def _managed_company():
    """The user's company, when they are its approver (403 for other staff, 404 for others)."""
    mine = companies.company_for(db.session, current_user)
    if mine is None:
        abort(404)
    return companies.require_member(db.session, current_user, mine.id, {ROLE_APPROVER})


@bp.route("/perusahaan/anggota", methods=["POST"])
@login_required
def add_member():
    """An approver gives a registered user roles at the company."""
    mine = _managed_company()
    form = MemberForm()
    if not form.validate_on_submit():
        return _page(mine, member_form=form, status=422)
    try:
        user = companies.add_member(
            db.session, mine, current_user, email=form.email.data, roles=form.roles.data
        )
    except companies.CompanyError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _page(mine, member_form=form, status=422)
    db.session.commit()
    flash(_("%(name)s ditambahkan sebagai staf.", name=user.name), "success")
    return redirect(url_for("procurement.company"), 303)


@bp.route("/perusahaan/batas", methods=["POST"])
@login_required
def set_threshold():
    """An approver sets the amount above which a PO needs an approver's sign-off."""
    mine = _managed_company()
    form = ThresholdForm()
    if not form.validate_on_submit():
        return _page(mine, threshold_form=form, status=422)
    companies.set_approval_threshold(db.session, mine, form.approval_threshold.data)
    db.session.commit()
    flash(_("Batas persetujuan PO tersimpan."), "success")
    return redirect(url_for("procurement.company"), 303)
