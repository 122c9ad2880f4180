"""Officers verify or reject members' certificates (audited) and see those expiring within
60 days (issue 16, skills)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.core.audit import AuditEntry
from marketplace.core.timeutil import wib_today
from tests.factories import make_certificate, make_group, make_member, make_user


def _entries(db_session, cert_id):
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.subject_type == "certificate", AuditEntry.subject_id == cert_id)
        .order_by(AuditEntry.id)
    )
    return list(db_session.scalars(stmt))


def test_officer_verifies_a_certificate_with_an_audit_entry(app, client, db_session, login_as):
    officer = make_user(db_session, role="officer", name="Fajar Nugroho")
    group = make_group(db_session, name="Konveksi Maju Jaya")
    member = make_member(db_session, group, name="Wati Lestari")
    cert = make_certificate(db_session, member, status="pending", app=app)
    make_certificate(db_session, member, status="verified", scheme="Sudah Diperiksa")
    db_session.commit()
    login_as(officer)
    queue = client.get("/pendamping/sertifikat").get_data(as_text=True)
    assert "Menjahit Pakaian dengan Mesin" in queue and "Wati Lestari" in queue
    assert "Konveksi Maju Jaya" in queue and "Sudah Diperiksa" not in queue
    page = client.get(f"/pendamping/sertifikat/{cert.id}").get_data(as_text=True)
    assert cert.number in page and "LSP Garmen Jawa Tengah" in page
    scan = client.get(f"/pendamping/sertifikat/{cert.id}/berkas")
    assert scan.status_code == 200 and scan.data.startswith(b"%PDF-")

    response = client.post(
        f"/pendamping/sertifikat/{cert.id}", data={"action": "verify", "reason": "Asli, dicek"}
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert (cert.status, cert.decided_by) == ("verified", officer.id)
    [entry] = _entries(db_session, cert.id)
    assert (entry.actor_id, entry.action, entry.details, entry.reason) == (
        officer.id,
        "certificate.verify",
        "pending -> verified",
        "Asli, dicek",
    )
    log = client.get("/pendamping/audit").get_data(as_text=True)
    assert "Verifikasi sertifikat kompetensi: Menunggu verifikasi → Terverifikasi" in log
    assert "Sertifikat kompetensi: Menjahit Pakaian dengan Mesin · Konveksi Maju Jaya" in log
    assert "certificate.verify" not in log
    # Verifying again is not a legal move.
    again = client.post(f"/pendamping/sertifikat/{cert.id}", data={"action": "verify"})
    assert again.status_code == 409
    assert len(_entries(db_session, cert.id)) == 1


def test_a_rejection_needs_a_reason_and_the_chair_sees_it(client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    chair = make_user(db_session)
    group = make_group(db_session, chair=chair)
    member = make_member(db_session, group)
    cert = make_certificate(db_session, member, status="pending")
    db_session.commit()
    login_as(officer)
    url = f"/pendamping/sertifikat/{cert.id}"
    response = client.post(url, data={"action": "reject", "reason": "  "})
    assert response.status_code == 422
    assert "Alasan penolakan wajib diisi." in response.get_data(as_text=True)
    db_session.expire_all()
    assert cert.status == "pending" and _entries(db_session, cert.id) == []
    assert client.post(url, data={"action": "hapus"}).status_code == 400
    response = client.post(url, data={"action": "reject", "reason": "Nomor tidak terdaftar"})
    assert response.status_code == 302
    db_session.expire_all()
    assert (cert.status, cert.status_reason) == ("rejected", "Nomor tidak terdaftar")
    [entry] = _entries(db_session, cert.id)
    assert (entry.action, entry.details, entry.reason) == (
        "certificate.reject",
        "pending -> rejected",
        "Nomor tidak terdaftar",
    )
    # A rejection made in error can be undone, also audited.
    client.post(url, data={"action": "verify", "reason": "Salah baca nomor"})
    db_session.expire_all()
    assert cert.status == "verified" and len(_entries(db_session, cert.id)) == 2
    client.post(url, data={"action": "reject", "reason": "Palsu"})
    client.post("/akun/keluar")
    login_as(chair)
    page = client.get(f"/kelompok/saya/anggota/{member.id}").get_data(as_text=True)
    assert "Ditolak" in page and "Palsu" in page


def test_expiring_list_shows_the_next_60_days_soonest_first(client, db_session, login_as):
    today = wib_today()
    group = make_group(db_session, name="Batik Rifaiyah Kalipucang")
    member = make_member(db_session, group, name="Siti Aminah")

    def cert(scheme, days, status="verified"):
        expires = None if days is None else today + timedelta(days=days)
        issued = today - timedelta(days=400)
        return make_certificate(
            db_session, member, scheme=scheme, status=status, expires_on=expires, issued_on=issued
        )

    cert("Tepat Enam Puluh", 60)
    cert("Sepuluh Hari", 10)
    cert("Hari Ini", 0, status="pending")
    cert("Enam Puluh Satu", 61)
    cert("Kemarin Berakhir", -1)
    cert("Ditolak Sepuluh", 10, status="rejected")
    cert("Seumur Hidup", None)
    login_as(make_user(db_session, role="officer"))
    db_session.commit()
    page = client.get("/pendamping/sertifikat/kedaluwarsa").get_data(as_text=True)
    shown = ["Hari Ini", "Sepuluh Hari", "Tepat Enam Puluh"]
    positions = [page.index(s) for s in shown]
    assert positions == sorted(positions)
    for hidden in ("Enam Puluh Satu", "Kemarin Berakhir", "Ditolak Sepuluh", "Seumur Hidup"):
        assert hidden not in page
    assert "Siti Aminah" in page and "Batik Rifaiyah Kalipucang" in page
    group_page = client.get(f"/pendamping/kelompok/{group.id}").get_data(as_text=True)
    assert "Ditolak Sepuluh" in group_page and "Seumur Hidup" in group_page
    queue = client.get("/pendamping/sertifikat").get_data(as_text=True)
    assert "3 sertifikat berakhir dalam 60 hari" in queue


def test_officer_certificate_pages_in_english(client, db_session, login_as):
    member = make_member(db_session, make_group(db_session))
    cert = make_certificate(
        db_session, member, status="pending", expires_on=wib_today() + timedelta(days=5)
    )
    login_as(make_user(db_session, role="officer"))
    db_session.commit()
    client.get("/bahasa/en")
    queue = client.get("/pendamping/sertifikat").get_data(as_text=True)
    assert "Certificates awaiting verification" in queue
    assert "1 certificate expires within 60 days" in queue
    page = client.get(f"/pendamping/sertifikat/{cert.id}").get_data(as_text=True)
    assert "Awaiting verification" in page or "Pending" in page
    assert "Issuing body" in page and "Reason (required to reject)" in page
    expiring = client.get("/pendamping/sertifikat/kedaluwarsa").get_data(as_text=True)
    assert "Certificates expiring soon" in expiring and "Remind their groups" in expiring
    client.post(f"/pendamping/sertifikat/{cert.id}", data={"action": "verify"})
    log = client.get("/pendamping/audit").get_data(as_text=True)
    assert "Competency certificate verification" in log
