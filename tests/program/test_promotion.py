"""Promotion eligibility at its boundaries, promotion and vetting in the audit log, visits."""

from __future__ import annotations

from datetime import date, time, timedelta

from marketplace.catalog.models import ProducerGroup
from marketplace.core.audit import AuditEntry
from marketplace.investors.models import GroupVetting
from marketplace.program import promotion
from marketplace.program.mentoring_models import MentoringSession
from tests.factories import make_group, make_product, make_review, make_sold_order, make_user
from tests.investors.helpers import wib_moment


def test_full_months_boundaries():
    assert promotion.full_months(date(2026, 1, 15), date(2026, 7, 15)) == 6
    assert promotion.full_months(date(2026, 1, 15), date(2026, 7, 14)) == 5
    assert promotion.full_months(date(2025, 12, 31), date(2026, 6, 30)) == 5
    assert promotion.full_months(date(2026, 3, 1), date(2026, 2, 1)) == 0


def _criteria(app, db_session, group, today):
    with app.app_context():
        return {c.key: c for c in promotion.eligibility(db_session, group, today)}


def test_eligibility_at_the_boundaries(app, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "PROMOTION_MIN_COMPLETED_ORDERS", 10)
    group = make_group(db_session)
    buyer = make_user(db_session)
    product = make_product(db_session, group)
    first = date(2026, 1, 15)
    orders = []
    for i in range(9):  # 9 on time
        day = first + timedelta(days=i)
        orders.append(
            make_sold_order(db_session, group, buyer, 10_000, completed_at=wib_moment(day))
        )
    c = _criteria(app, db_session, group, date(2026, 7, 15))
    assert (c["months"].value, c["months"].met) == ("6", True)
    assert _criteria(app, db_session, group, date(2026, 7, 14))["months"].met is False
    assert (c["orders"].value, c["orders"].met) == ("9", False)
    assert c["rating"].met is False  # no ratings yet
    late = wib_moment(first + timedelta(days=20), time(23, 0))  # after the 12.45 window end
    orders.append(
        make_sold_order(
            db_session, group, buyer, 10_000, completed_at=late, pickup_date=first + timedelta(20)
        )
    )
    c = _criteria(app, db_session, group, date(2026, 7, 15))
    assert (c["orders"].value, c["orders"].met) == ("10", True)
    assert (c["on_time"].value, c["on_time"].met) == ("90,0 %", True)  # 9 of 10 is exactly 90 %
    for rating, order in zip([4, 4, 4, 4, 4], orders, strict=False):
        make_review(db_session, order, product, rating)
    c = _criteria(app, db_session, group, date(2026, 7, 15))
    assert c["rating"].met is True  # exactly 4.0
    assert promotion.is_eligible(list(c.values()))
    make_review(db_session, orders[5], product, 3)  # 23 / 6 = 3.83
    assert _criteria(app, db_session, group, date(2026, 7, 15))["rating"].met is False
    orders.append(
        make_sold_order(
            db_session, group, buyer, 10_000, completed_at=late, pickup_date=first + timedelta(20)
        )
    )
    c = _criteria(app, db_session, group, date(2026, 7, 15))
    assert c["on_time"].met is False  # 9 of 11


def _audit(db_session, group):
    rows = db_session.query(AuditEntry).filter_by(subject_type="group", subject_id=group.id)
    return [(e.action, e.reason) for e in rows.order_by(AuditEntry.id)]


def test_promotion_vetting_and_revocation_are_audited(
    app, client, db_session, login_as, monkeypatch
):
    monkeypatch.setitem(app.config, "PROMOTION_MIN_MONTHS", 0)
    monkeypatch.setitem(app.config, "PROMOTION_MIN_COMPLETED_ORDERS", 1)
    monkeypatch.setitem(app.config, "PROMOTION_MIN_RATING", "1")
    officer = make_user(db_session, role="officer")
    group = make_group(db_session)
    login_as(officer)
    url = f"/pendamping/kelompok/{group.id}"
    refused = client.post(f"{url}/tingkat", data={"action": "promote", "reason": "Bagus"})
    assert refused.status_code == 303  # not eligible: no sales yet
    db_session.expire_all()
    assert db_session.get(ProducerGroup, group.id).tier == "pemula"
    order = make_sold_order(
        db_session, group, make_user(db_session), 10_000, completed_at=wib_moment(date(2026, 1, 5))
    )
    make_review(db_session, order, make_product(db_session, group), 5)
    page = client.get(f"{url}/program").get_data(as_text=True)
    assert 'data-testid="criterion-orders"' in page and "Memenuhi semua kriteria" in page
    assert (
        client.post(f"{url}/tingkat", data={"action": "promote", "reason": ""}).status_code == 303
    )
    client.post(f"{url}/tingkat", data={"action": "promote", "reason": "Omzet stabil"})
    client.post(f"{url}/penilaian", data={"action": "vet", "notes": "Pembukuan rapi"})
    db_session.expire_all()
    assert db_session.get(ProducerGroup, group.id).tier == "lanjutan"
    assert db_session.get(GroupVetting, group.id).is_vetted
    client.post(f"{url}/penilaian", data={"action": "revoke", "notes": "Keluhan pembeli"})
    client.post(f"{url}/tingkat", data={"action": "demote", "reason": "Produksi berhenti"})
    db_session.expire_all()
    assert db_session.get(ProducerGroup, group.id).tier == "pemula"
    assert _audit(db_session, group) == [
        ("group.promote", "Omzet stabil"),
        ("group.vet", "Pembukuan rapi"),
        ("group.vet_revoke", "Keluhan pembeli"),
        ("group.demote", "Produksi berhenti"),
    ]
    entry = db_session.query(AuditEntry).filter_by(action="group.promote").one()
    assert entry.actor_id == officer.id and "pemula -> lanjutan" in entry.details


def test_pemula_cannot_be_vetted_and_visit_notes_are_kept(client, db_session, login_as):
    officer = make_user(db_session, role="officer", name="Fajar")
    group = make_group(db_session)
    login_as(officer)
    url = f"/pendamping/kelompok/{group.id}"
    client.post(f"{url}/penilaian", data={"action": "vet", "notes": "x"})
    assert db_session.get(GroupVetting, group.id) is None
    client.post(
        f"{url}/kunjungan",
        data={
            "visit_date": "2026-11-20",
            "observations": "Dapur bersih, stok kemasan menipis",
            "advice": "Catat stok harian",
        },
    )
    [note] = db_session.query(MentoringSession).filter_by(group_id=group.id).all()  # a session now
    assert (note.officer_id, note.session_date) == (officer.id, date(2026, 11, 20))
    assert (note.topic, note.notes) == ("", "Dapur bersih, stok kemasan menipis")
    page = client.get(f"{url}/program").get_data(as_text=True)
    assert "Catat stok harian" in page and "Fajar" in page
    client.post("/akun/keluar")
    login_as(group.chair)
    assert client.get(f"{url}/program").status_code == 403
