"""The chair keeps the group's workforce records (jobs counted from records, issue 16).

Only the chair: the records name people (a label, a birth year or age band), which other
members need not see. The group comes from the login (`g.group`); another group's record is
not found (404).
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from marketplace.catalog import bp, workforce
from marketplace.catalog.access import producer_required
from marketplace.catalog.constants import MEMBER_CHAIR
from marketplace.catalog.workforce_forms import WorkforceForm
from marketplace.catalog.workforce_models import workforce_labels
from marketplace.extensions import db

BASE = "/kelompok/saya/tenaga-kerja"


def _chair_only() -> None:
    if g.membership.role != MEMBER_CHAIR:
        abort(403)


def _record_or_404(worker_id: int):
    record = workforce.own_record(db.session, g.group.id, worker_id)
    if record is None:
        abort(404)
    return record


@bp.route(BASE)
@producer_required
def workforce_list():
    """The group's people at work and this month's job counts."""
    _chair_only()
    month = workforce.current_month()
    records = workforce.group_records(db.session, g.group.id)
    counted = workforce.jobs_at(db.session, month, [g.group.id]).get(g.group.id)
    return render_template(
        "catalog/workforce/list.html",
        group=g.group,
        records=records,
        month=month,
        jobs=counted or workforce.JobCount(),
        **workforce_labels(),
    )


def _form_page(form, record=None, status: int = 200):
    return render_template("catalog/workforce/form.html", form=form, record=record), status


@bp.route(f"{BASE}/baru", methods=["GET", "POST"])
@producer_required
def workforce_new():
    """Record a member or hired worker who works for the group."""
    _chair_only()
    form = WorkforceForm()
    if form.validate_on_submit():
        try:
            workforce.save_record(db.session, g.group, form.record_data())
        except workforce.WorkforceError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return _form_page(form, status=422)
        db.session.commit()
        flash(_("Data tenaga kerja tersimpan."), "success")
        return redirect(url_for("catalog.workforce_list"))
    return _form_page(form, status=422 if form.errors else 200)


@bp.route(f"{BASE}/<int:worker_id>/ubah", methods=["GET", "POST"])
@producer_required
def workforce_edit(worker_id: int):
    """Change a record, for example set the month a person stopped working."""
    _chair_only()
    record = _record_or_404(worker_id)
    form = WorkforceForm(obj=record)
    if form.validate_on_submit():
        try:
            workforce.save_record(db.session, g.group, form.record_data(), record)
        except workforce.WorkforceError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return _form_page(form, record, 422)
        db.session.commit()
        flash(_("Data tenaga kerja tersimpan."), "success")
        return redirect(url_for("catalog.workforce_list"))
    return _form_page(form, record, 422 if form.errors else 200)


@bp.route(f"{BASE}/<int:worker_id>/hapus", methods=["POST"])
@producer_required
def workforce_delete(worker_id: int):
    """Remove a record typed by mistake."""
    _chair_only()
    record = _record_or_404(worker_id)
    workforce.delete_record(db.session, record)
    db.session.commit()
    flash(_("Data tenaga kerja dihapus."), "success")
    return redirect(url_for("catalog.workforce_list"))
