"""Members hear of the officer's decisions on their group: status and tier, with the reason."""

from __future__ import annotations

from datetime import date

from tests.factories import (
    add_member,
    make_group,
    make_product,
    make_review,
    make_sold_order,
    make_user,
)
from tests.investors.helpers import wib_moment


def _inbox(client, login_as, user, lang: str = "id") -> str:
    client.post("/akun/keluar")
    login_as(user)
    client.get(f"/bahasa/{lang}")
    page = client.get("/notifikasi").get_data(as_text=True)
    client.post("/akun/keluar")
    return page


def test_every_member_hears_of_verification_suspension_and_reinstatement(
    client, db_session, login_as
):
    officer = make_user(db_session, role="officer")
    group = make_group(db_session, status="unverified", name="Dapur Bu Sri")
    member = add_member(db_session, group)
    url = f"/pendamping/kelompok/{group.id}"
    login_as(officer)
    client.post(url, data={"action": "verify", "reason": "Dokumen lengkap"})
    client.post(url, data={"action": "suspend", "reason": "Keluhan pembeli berulang"})
    client.post(url, data={"action": "reinstate", "reason": "Sudah dibina"})
    for person in (group.chair, member):
        page = _inbox(client, login_as, person)
        assert "Kelompok Dapur Bu Sri diverifikasi pendamping" in page
        assert "dibekukan pendamping" in page and "Alasan: Keluhan pembeli berulang" in page
        assert "Kelompok Dapur Bu Sri dipulihkan pendamping" in page
        assert "Dokumen lengkap" not in page  # a verification's note stays with the officers


def test_a_rejected_group_reads_why_in_its_language(client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    group = make_group(db_session, status="unverified", name="Batik Plelen")
    login_as(officer)
    client.post(
        f"/pendamping/kelompok/{group.id}", data={"action": "reject", "reason": "NIB tidak cocok"}
    )
    page = _inbox(client, login_as, group.chair, "en")
    assert "Batik Plelen" in page and "NIB tidak cocok" in page
    assert "tidak disetujui" not in page  # the chair reads English


def test_members_hear_of_promotion_and_of_demotion_with_its_reason(
    app, client, db_session, login_as, monkeypatch
):
    monkeypatch.setitem(app.config, "PROMOTION_MIN_MONTHS", 0)
    monkeypatch.setitem(app.config, "PROMOTION_MIN_COMPLETED_ORDERS", 1)
    officer = make_user(db_session, role="officer")
    group = make_group(db_session, name="Konveksi Maju")
    order = make_sold_order(
        db_session, group, make_user(db_session), 10_000, completed_at=wib_moment(date(2026, 1, 5))
    )
    make_review(db_session, order, make_product(db_session, group), 5)
    url = f"/pendamping/kelompok/{group.id}/tingkat"
    login_as(officer)
    client.post(url, data={"action": "promote", "reason": "Omzet stabil"})
    page = _inbox(client, login_as, group.chair)
    assert "Kelompok Konveksi Maju naik ke tingkat lanjutan" in page
    assert "Omzet stabil" not in page  # the officer's grounds for a promotion stay internal
    login_as(officer)
    client.post(url, data={"action": "demote", "reason": "Produksi berhenti tiga bulan"})
    page = _inbox(client, login_as, group.chair)
    assert "kembali ke tingkat pemula. Alasan: Produksi berhenti tiga bulan" in page
