"""Group (producer) pages for requests for quotation: the inbox, a request with the group's
quote form, withdrawing. The group always comes from the login; a request not sent to it is a
404, and it only ever sees its own quote."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalog.access import producer_required
from marketplace.core.security import parse_id
from marketplace.extensions import db
from marketplace.investors import documents
from marketplace.orders.logistics import now_wib
from marketplace.procurement import bp, quote_services, rfq_services, states
from marketplace.procurement.rfq_forms import QuoteForm

GROUP = "/kelompok/permintaan"


@bp.route(GROUP)
@producer_required
def group_inbox():
    """Requests sent to the group, new ones marked, with its own quote's status."""
    rows = quote_services.inbox(db.session, g.group.id)
    return render_template("procurement/group_inbox.html", rows=rows)


def _quote_form(rfq, quote) -> QuoteForm:
    """The form, prefilled from the group's live quote (or the requested quantities)."""
    form = QuoteForm()
    if form.is_submitted():
        return form
    offered = {ln.rfq_item_id: ln for ln in quote.lines} if quote is not None else {}
    live = quote is not None and quote.status in states.QUOTE_LIVE
    for item in rfq.items:
        line = offered.get(item.id) if live else None
        form.lines.append_entry(
            {
                "item_id": str(item.id),
                "unit_price": line.unit_price if line else None,
                "quantity": line.quantity_offered if line else item.quantity,
            }
        )
    if live:
        form.delivery_plan.data = quote.delivery_plan
        form.lead_time_days.data = quote.lead_time_days
        form.valid_until.data = quote.valid_until
        form.notes.data = quote.notes
    return form


def _page(rfq, quote, form, status: int = 200, error: str | None = None):
    items = {item.id: item for item in rfq.items}
    rows = []
    for entry in form.lines.entries:
        item = items.get(parse_id(entry.form.item_id.data))
        if item is not None:
            rows.append((item, entry.form))
    return render_template(
        "procurement/group_rfq.html",
        rfq=rfq,
        quote=quote,
        form=form,
        rows=rows,
        error=error,
        open=rfq.status == states.RFQ_SENT,
        expired=quote is not None and quote_services.is_expired(quote, now_wib().date()),
    ), status


@bp.route(f"{GROUP}/<int:rfq_id>", methods=["GET", "POST"])
@producer_required
def group_rfq(rfq_id: int):
    """The request (never other groups or their prices) and the group's quote form."""
    rfq, recipient = quote_services.group_rfq(db.session, g.group.id, rfq_id)
    quote = quote_services.own_quote(db.session, rfq.id, g.group.id)
    form = _quote_form(rfq, quote)
    if not form.is_submitted():
        if recipient.seen_at is None:
            quote_services.mark_seen(recipient)
            db.session.commit()
        return _page(rfq, quote, form)
    if rfq.status != states.RFQ_SENT:
        abort(409, description=_("Permintaan ini tidak lagi menerima penawaran."))
    if not form.validate():
        return _page(rfq, quote, form, 422)
    lines = {}
    for entry in form.lines.entries:
        item_id = parse_id(entry.form.item_id.data)
        if item_id is not None:
            lines[item_id] = (entry.form.unit_price.data, entry.form.quantity.data or 0)
    try:
        quote = quote_services.submit_quote(
            db.session,
            rfq,
            g.group.id,
            current_user,
            lines=lines,
            delivery_plan=form.delivery_plan.data,
            lead_time_days=form.lead_time_days.data,
            valid_until=form.valid_until.data,
            notes=form.notes.data or "",
        )
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    except quote_services.QuoteError as exc:
        db.session.rollback()
        rfq, _recipient = quote_services.group_rfq(db.session, g.group.id, rfq_id)
        return _page(
            rfq, quote_services.own_quote(db.session, rfq.id, g.group.id), form, 422, str(exc)
        )
    quote_services.mark_seen(recipient)
    db.session.commit()
    flash(_("Penawaran untuk %(number)s terkirim.", number=rfq.number), "success")
    return redirect(url_for("procurement.group_rfq", rfq_id=rfq.id), 303)


@bp.route(f"{GROUP}/<int:rfq_id>/tarik", methods=["POST"])
@producer_required
def group_quote_withdraw(rfq_id: int):
    """Withdraw the group's live quote (409 when there is none)."""
    rfq, _recipient = quote_services.group_rfq(db.session, g.group.id, rfq_id)
    try:
        quote_services.withdraw_quote(db.session, rfq, g.group.id)
    except states.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(_("Penawaran ditarik."), "success")
    return redirect(url_for("procurement.group_rfq", rfq_id=rfq.id), 303)


@bp.route(f"{GROUP}/<int:rfq_id>/lampiran/<int:file_id>")
@producer_required
def group_rfq_attachment(rfq_id: int, file_id: int):
    """Download one of the attachments of a request sent to the group."""
    rfq, _recipient = quote_services.group_rfq(db.session, g.group.id, rfq_id)
    item = rfq_services.attachment_of(db.session, rfq, file_id)
    return documents.send(item.storage_key, item.content_type, item.filename)
