"""Officer pages for a group's aid records: record aid, remove a mistaken record (audited).
The records are listed on the group's program page (promotion_views.group_program)."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalog.aid_models import AidRecord
from marketplace.catalog.models import ProducerGroup
from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.program import aid, bp
from marketplace.program.incentive_forms import AidForm, ReasonForm

officer_only = role_required("officer")


def _back(group_id: int):
    return redirect(url_for("program.group_program", group_id=group_id, _anchor="bantuan"))


def _first_error(form) -> str:
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return _("Periksa isian.")


@bp.route("/kelompok/<int:group_id>/bantuan", methods=["POST"])
@officer_only
def add_aid(group_id: int):
    """Record aid the group received."""
    group = db.session.get(ProducerGroup, group_id) or abort(404)
    form = AidForm()
    if not form.validate_on_submit():
        flash(_first_error(form), "danger")
        return _back(group_id), 303
    try:
        aid.add_aid(
            db.session,
            current_user,
            group,
            year=form.year.data,
            kind=form.kind.data,
            amount=form.amount.data,
            source=form.source.data,
            source_name=form.source_name.data or "",
            received_on=form.received_on.data,
            note=form.note.data or "",
        )
    except aid.AidError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _back(group_id), 303
    db.session.commit()
    flash(_("Bantuan tercatat."), "success")
    return _back(group_id)


@bp.route("/kelompok/<int:group_id>/bantuan/<int:aid_id>/hapus", methods=["POST"])
@officer_only
def remove_aid(group_id: int, aid_id: int):
    """Remove a mistaken aid record, with a reason."""
    record = db.session.get(AidRecord, aid_id)
    if record is None or record.group_id != group_id:
        abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Alasan wajib diisi."), "danger")
        return _back(group_id), 303
    aid.remove_aid(db.session, current_user, record, form.reason.data)
    db.session.commit()
    flash(_("Catatan bantuan dihapus."), "success")
    return _back(group_id)
