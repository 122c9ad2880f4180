"""Officers verify, reject, suspend and reinstate groups and approve investors; all audited."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core.audit import AuditEntry
from tests.factories import make_group, make_user


def _audit(db_session, subject_type, subject_id):
    return list(
        db_session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject_type == subject_type, AuditEntry.subject_id == subject_id)
            .order_by(AuditEntry.id)
        )
    )


def test_officer_verifies_group_with_audit_entry(client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    group = make_group(db_session, status="unverified", name="Dapur Bu Sri")
    login_as(officer)
    queue = client.get("/pendamping/kelompok").get_data(as_text=True)
    assert "Dapur Bu Sri" in queue
    response = client.post(
        f"/pendamping/kelompok/{group.id}", data={"action": "verify", "reason": "Dokumen lengkap"}
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(ProducerGroup, group.id).status == "verified"
    [entry] = _audit(db_session, "group", group.id)
    assert (entry.actor_id, entry.action, entry.reason, entry.details) == (
        officer.id,
        "group.verify",
        "Dokumen lengkap",
        "unverified -> verified",
    )
    assert entry.created_at is not None
    log = client.get("/pendamping/audit").get_data(as_text=True)
    assert officer.name in log and "Dokumen lengkap" in log
    assert "Verifikasi kelompok: Menunggu verifikasi → Terverifikasi" in log
    assert "group.verify" not in log and "unverified" not in log
    assert client.get(f"/groups/{group.slug}").status_code == 200


def test_reject_needs_reason_and_suspend_reinstate(client, db_session, login_as):
    login_as(make_user(db_session, role="officer"))
    group = make_group(db_session, status="unverified")
    url = f"/pendamping/kelompok/{group.id}"
    assert client.post(url, data={"action": "reject", "reason": ""}).status_code == 303
    db_session.expire_all()
    assert db_session.get(ProducerGroup, group.id).status == "unverified"
    client.post(url, data={"action": "verify", "reason": "ok"})
    client.post(url, data={"action": "suspend", "reason": "Keluhan pembeli"})
    db_session.expire_all()
    assert db_session.get(ProducerGroup, group.id).status == "suspended"
    assert client.get(f"/groups/{group.slug}").status_code == 200  # officers still see it
    client.post(url, data={"action": "reinstate", "reason": "Sudah dibina"})
    db_session.expire_all()
    assert db_session.get(ProducerGroup, group.id).status == "verified"
    actions = [e.action for e in _audit(db_session, "group", group.id)]
    assert actions == ["group.verify", "group.suspend", "group.reinstate"]


def test_illegal_status_action_refused(client, db_session, login_as):
    login_as(make_user(db_session, role="officer"))
    group = make_group(db_session, status="verified")
    response = client.post(
        f"/pendamping/kelompok/{group.id}",
        data={"action": "reinstate", "reason": "x"},
        follow_redirects=True,
    )
    assert "tidak dapat diubah" in response.get_data(as_text=True)
    assert (
        client.post(f"/pendamping/kelompok/{group.id}", data={"action": "hapus"}).status_code == 400
    )


def test_officer_approves_investor(client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    investor = make_user(db_session, role="investor", approved=False, name="Hendra")
    login_as(officer)
    assert "Hendra" in client.get("/pendamping/investor").get_data(as_text=True)
    response = client.post(
        f"/pendamping/investor/{investor.id}",
        data={"action": "approve", "reason": "Bank terdaftar OJK"},
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(User, investor.id).investor_status == "approved"
    [entry] = _audit(db_session, "user", investor.id)
    assert entry.action == "investor.approve" and entry.actor_id == officer.id


def test_non_officers_are_denied(client, db_session, login_as):
    group = make_group(db_session, status="unverified")
    assert client.get("/pendamping/").status_code == 302
    assert "/akun/masuk" in client.get("/pendamping/").headers["Location"]
    login_as(make_user(db_session))
    assert client.get("/pendamping/").status_code == 403
    assert (
        client.post(f"/pendamping/kelompok/{group.id}", data={"action": "verify"}).status_code
        == 403
    )
    client.post("/akun/keluar")
    login_as(make_user(db_session, role="investor"))
    assert client.get("/pendamping/audit").status_code == 403
    db_session.expire_all()
    assert db_session.get(ProducerGroup, group.id).status == "unverified"
