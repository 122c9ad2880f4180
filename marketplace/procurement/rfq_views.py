"""Company staff pages for requests for quotation: the list, a new request, its detail with
the quotes side by side, sending and cancelling. The company always comes from the login; a
request of another company is a 404."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.core.security import parse_id
from marketplace.extensions import db
from marketplace.investors import documents
from marketplace.orders.logistics import all_points, all_windows, now_wib, window_label
from marketplace.procurement import bp, companies, quote_services, rfq_services, states
from marketplace.procurement.models import ROLE_APPROVER, ROLE_REQUESTER
from marketplace.procurement.rfq_forms import MEALS, CancelForm, RfqForm
from marketplace.procurement.track_record import track_records


def _my_company():
    return companies.company_for(db.session, current_user)


@bp.route("/permintaan")
@login_required
def rfq_list():
    """The company's requests, newest first, 20 a page (keyset on `?sebelum=<id>`)."""
    mine = _my_company()
    if mine is None:
        return redirect(url_for("procurement.register_company"))
    before = parse_id(request.args.get("sebelum"))
    rows, cursor = rfq_services.company_rfqs(db.session, mine.id, before=before)
    return render_template(
        "procurement/rfq_list.html", company=mine, rows=rows, cursor=cursor, first=before is None
    )


def _form_page(form: RfqForm, company, status: int = 200):
    return render_template(
        "procurement/rfq_form.html", form=form, company=company, meals=MEALS
    ), status


def _new_form(company) -> RfqForm:
    form = RfqForm()
    if request.method == "GET" and request.args.get("kategori"):
        form.category.data = request.args["kategori"]
    form.set_places(
        all_points(db.session, active_only=True),
        all_windows(db.session, active_only=True),
        window_label,
    )
    return form


@bp.route("/permintaan/baru", methods=["GET", "POST"])
@login_required
def rfq_new():
    """A requester writes a draft request; the category decides which item fields count."""
    mine = _my_company()
    if mine is None:
        return redirect(url_for("procurement.register_company"))
    companies.require_member(db.session, current_user, mine.id, {ROLE_REQUESTER})
    form = _new_form(mine)
    if request.method == "GET" or not form.validate_on_submit():
        return _form_page(form, mine, 422 if form.errors else 200)
    whole_ok = form.check_whole()
    items = form.cleaned_items()
    if not whole_ok or items is None:
        return _form_page(form, mine, 422)
    checked = []
    for upload in form.uploads():
        try:
            checked.append(documents.check_upload(upload.read(), upload.filename or ""))
        except documents.DocumentRejected as exc:
            form.files.errors = [*form.files.errors, f"{upload.filename}: {exc}"]
    if form.files.errors:
        return _form_page(form, mine, 422)
    try:
        rfq = rfq_services.create_draft(
            db.session,
            mine,
            current_user,
            title=form.title.data,
            category=form.category.data,
            items=items,
            needed_by=form.needed_by.data,
            recurring=form.recurring.data,
            sample_required=form.sample_required.data,
            budget=form.budget.data,
            notes=form.notes.data or "",
            point_id=form.point_id.data,
            window_id=form.window_id.data,
            files=checked,
        )
    except rfq_services.RfqError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _form_page(form, mine, 422)
    db.session.commit()
    flash(
        _("Draf %(number)s tersimpan. Periksa lalu kirim ke kelompok.", number=rfq.number),
        "success",
    )
    return redirect(url_for("procurement.rfq_detail", rfq_id=rfq.id), 303)


def _detail_page(rfq, roles=None, *, cancel_form=None, status: int = 200):
    if roles is None:
        roles = companies.roles_of(db.session, current_user.id, rfq.company_id)
    quotes = rfq_services.received_quotes(db.session, rfq)
    records = track_records(db.session, [q.group_id for q in quotes])
    today = now_wib().date()
    return render_template(
        "procurement/rfq_detail.html",
        rfq=rfq,
        quotes=quotes,
        records=records,
        expired={q.id for q in quotes if quote_services.is_expired(q, today)},
        can_send=ROLE_REQUESTER in roles and rfq.status == states.RFQ_DRAFT,
        can_award=ROLE_REQUESTER in roles and rfq.status == states.RFQ_SENT and bool(quotes),
        can_cancel=bool(roles & {ROLE_REQUESTER, ROLE_APPROVER})
        and rfq.status in (states.RFQ_DRAFT, states.RFQ_SENT),
        cancel_form=cancel_form or CancelForm(formdata=None),
        reason_needed=rfq.status == states.RFQ_SENT,
    ), status


@bp.route("/permintaan/<int:rfq_id>")
@login_required
def rfq_detail(rfq_id: int):
    """The request, who it went to, and the quotes side by side with each group's record."""
    return _detail_page(*rfq_services.company_rfq_with_roles(db.session, current_user, rfq_id))


@bp.route("/permintaan/<int:rfq_id>/kirim", methods=["POST"])
@login_required
def rfq_send(rfq_id: int):
    """Send a draft to the eligible groups (409 when not a draft; 422 when nobody can)."""
    rfq = rfq_services.company_rfq(db.session, current_user, rfq_id)
    companies.require_member(db.session, current_user, rfq.company_id, {ROLE_REQUESTER})
    try:
        recipients = rfq_services.send_rfq(db.session, rfq, current_user)
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    except rfq_services.RfqError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _detail_page(rfq, status=422)
    db.session.commit()
    flash(
        _("%(number)s terkirim ke %(n)s kelompok.", number=rfq.number, n=len(recipients)),
        "success",
    )
    return redirect(url_for("procurement.rfq_detail", rfq_id=rfq.id), 303)


@bp.route("/permintaan/<int:rfq_id>/batal", methods=["POST"])
@login_required
def rfq_cancel(rfq_id: int):
    """Cancel a draft, or a sent request with a reason (its quotes are declined)."""
    rfq = rfq_services.company_rfq(db.session, current_user, rfq_id)
    companies.require_member(
        db.session, current_user, rfq.company_id, {ROLE_REQUESTER, ROLE_APPROVER}
    )
    form = CancelForm()
    if not form.validate_on_submit():
        return _detail_page(rfq, cancel_form=form, status=422)
    try:
        rfq_services.cancel_rfq(db.session, rfq, current_user, form.reason.data or "")
    except states.IllegalTransition as exc:
        db.session.rollback()
        if rfq.status == states.RFQ_SENT and not (form.reason.data or "").strip():
            form.reason.errors = [str(exc)]
            return _detail_page(rfq, cancel_form=form, status=422)
        abort(409, description=str(exc))
    db.session.commit()
    flash(_("%(number)s dibatalkan.", number=rfq.number), "success")
    return redirect(url_for("procurement.rfq_detail", rfq_id=rfq.id), 303)


@bp.route("/permintaan/<int:rfq_id>/lampiran/<int:file_id>")
@login_required
def rfq_attachment(rfq_id: int, file_id: int):
    """Download one of the request's attachments (company staff)."""
    rfq = rfq_services.company_rfq(db.session, current_user, rfq_id)
    item = rfq_services.attachment_of(db.session, rfq, file_id)
    return documents.send(item.storage_key, item.content_type, item.filename)
