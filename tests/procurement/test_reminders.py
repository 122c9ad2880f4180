"""Reminders before the due date, overdue moves, reminders and flags after it: each once,
from `flask pengadaan tagihan` run as often as cron likes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from marketplace.orders.models import Notification
from marketplace.procurement import reminders, states
from marketplace.procurement.invoicing import today_wib
from tests.factories import make_user
from tests.procurement.billing_helpers import accept, billing_po, invoices_of, staff_of


def _count(db_session, key, user_id=None) -> int:
    stmt = select(func.count(Notification.id)).where(Notification.message == key)
    if user_id is not None:
        stmt = stmt.where(Notification.user_id == user_id)
    return db_session.scalar(stmt)


def _invoice(app, db_session, terms="net14"):
    with app.test_request_context():
        po = billing_po(db_session, terms=terms, dp=30)
        accept(db_session, po)
    (invoice,) = invoices_of(db_session, po)
    return po, invoice


def test_reminder_before_the_due_date_once(app, db_session):
    po, invoice = _invoice(app, db_session)
    finance = staff_of(po)
    with app.test_request_context():
        early = invoice.due_date - timedelta(days=reminders.REMIND_DAYS_BEFORE + 1)
        assert reminders.run(db_session, early)["reminded_before"] == 0
        day = invoice.due_date - timedelta(days=reminders.REMIND_DAYS_BEFORE)
        assert reminders.run(db_session, day)["reminded_before"] == 1
        assert reminders.run(db_session, day)["reminded_before"] == 0
        assert reminders.run(db_session, invoice.due_date)["reminded_before"] == 0
    assert invoice.reminded_before_at is not None
    assert _count(db_session, "invoice.due_soon", finance.id) == 1
    assert invoice.status == states.INVOICE_ISSUED


def test_overdue_is_marked_reminded_and_flagged_once(app, db_session):
    officer = make_user(db_session, role="officer")
    po, invoice = _invoice(app, db_session)
    finance = staff_of(po)
    after = invoice.due_date + timedelta(days=1)
    with app.test_request_context():
        assert reminders.run(db_session, invoice.due_date)["overdue"] == 0  # due today: not yet
        assert reminders.run(db_session, after)["overdue"] == 1
        assert reminders.run(db_session, after)["overdue"] == 0
        assert reminders.run(db_session, after + timedelta(days=5))["overdue"] == 0
    assert invoice.status == states.INVOICE_OVERDUE
    assert invoice.reminded_after_at and invoice.overdue_flagged_at
    assert _count(db_session, "invoice.overdue", finance.id) == 1
    assert _count(db_session, "invoice.overdue_flag", officer.id) == 1
    members = _count(db_session, "invoice.overdue_flag") - 1
    assert members >= 1  # the group's members


def test_paid_and_reported_invoices_are_left_alone(app, db_session):
    _po, paid = _invoice(app, db_session)
    _po2, reported = _invoice(app, db_session)
    paid.status = states.INVOICE_PAID
    reported.status = states.INVOICE_TRANSFER_REPORTED
    db_session.flush()
    with app.test_request_context():
        counts = reminders.run(db_session, paid.due_date + timedelta(days=3))
    assert counts == {"reminded_before": 0, "overdue": 0}
    assert paid.status == states.INVOICE_PAID
    assert reported.status == states.INVOICE_TRANSFER_REPORTED


def test_cli_runs_twice_and_officer_page_lists_overdue(app, client, db_session, runner, login_as):
    officer = make_user(db_session, role="officer")
    po, invoice = _invoice(app, db_session, terms="cod")  # due on the day of issue
    db_session.commit()
    tomorrow = (today_wib() + timedelta(days=1)).isoformat()
    first = runner.invoke(args=["pengadaan", "tagihan", "--tanggal", tomorrow])
    assert first.exit_code == 0, first.output
    assert "1" in first.output
    second = runner.invoke(args=["pengadaan", "tagihan", "--tanggal", tomorrow])
    assert second.exit_code == 0, second.output
    db_session.expire_all()
    assert invoice.status == states.INVOICE_OVERDUE
    assert _count(db_session, "invoice.overdue") == 1
    login_as(officer)
    page = client.get("/pengadaan/petugas/tagihan")
    assert page.status_code == 200 and invoice.number in page.get_data(as_text=True)
    # The finance staff's list highlights it.
    client.post("/akun/keluar")
    login_as(staff_of(po))
    html = client.get("/pengadaan/tagihan").get_data(as_text=True)
    assert 'table-danger" data-testid="invoice-row"' in html  # the overdue row in red
