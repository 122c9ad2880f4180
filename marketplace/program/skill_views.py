"""Officer pages for members' competency certificates: the queue waiting for a check, the
certificates whose validity ends within 60 days, and one certificate with its scan, its
decisions so far and the verify/reject form."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalog import private_files, skill_states, skills
from marketplace.catalog.member_models import MEMBER_ROLES, MemberCertificate
from marketplace.core import audit
from marketplace.core.security import role_required
from marketplace.core.timeutil import wib_today
from marketplace.extensions import db
from marketplace.program import bp, queries, skill_decisions
from marketplace.program.skill_forms import CertificateDecisionForm

officer_only = role_required("officer")


def _certificate(certificate_id: int) -> MemberCertificate:
    return db.session.get(MemberCertificate, certificate_id) or abort(404)


@bp.route("/sertifikat")
@officer_only
def certificate_queue():
    """Certificates waiting for verification, oldest first."""
    return render_template(
        "program/certificates.html",
        certs=skills.pending(db.session),
        statuses=skill_states.STATUSES,
        expiring_count=len(skills.expiring(db.session, wib_today())),
    )


@bp.route("/sertifikat/kedaluwarsa")
@officer_only
def certificates_expiring():
    """Certificates whose validity ends within the next 60 days (WIB), soonest first."""
    today = wib_today()
    return render_template(
        "program/certificates_expiring.html",
        certs=skills.expiring(db.session, today),
        today=today,
        until=today + timedelta(days=skills.EXPIRY_WARNING_DAYS),
        days=skills.EXPIRY_WARNING_DAYS,
        statuses=skill_states.STATUSES,
    )


@bp.route("/sertifikat/<int:certificate_id>", methods=["GET", "POST"])
@officer_only
def certificate_detail(certificate_id: int):
    """One certificate: its details and scan, the decisions so far, and the decision form."""
    cert = _certificate(certificate_id)
    form = CertificateDecisionForm()
    if form.validate_on_submit():
        try:
            skill_decisions.decide_certificate(
                db.session, current_user, cert, form.action.data, form.reason.data or ""
            )
        except skills.CertificateError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return _detail(_certificate(certificate_id), form, 422)
        except skill_states.IllegalTransition as exc:
            db.session.rollback()
            abort(409, description=str(exc))
        db.session.commit()
        flash(_("Keputusan sertifikat tersimpan."), "success")
        return redirect(url_for("program.certificate_detail", certificate_id=certificate_id))
    if form.errors:
        flash(_("Tindakan tidak valid."), "danger")
    return _detail(cert, form, 400 if form.errors else 200)


def _detail(cert: MemberCertificate, form, status: int):
    history = audit.entries(db.session, subject_type="certificate", subject_id=cert.id)
    return render_template(
        "program/certificate_detail.html",
        cert=cert,
        form=form,
        history=history,
        actors=queries.audit_actors(db.session, history),
        statuses=skill_states.STATUSES,
        roles=MEMBER_ROLES,
        moves=skill_states.next_for(cert.status, skill_states.OFFICER),
        today=wib_today(),
    ), status


@bp.route("/sertifikat/<int:certificate_id>/berkas")
@officer_only
def certificate_file(certificate_id: int):
    """The certificate's scan."""
    cert = _certificate(certificate_id)
    return private_files.send(cert.storage_key, cert.content_type, cert.original_name)
