"""The chair records members' profiles, training and certificates (issue 16, skills).

Only the chair manages them; another group's records are not found; a bad scan or impossible
dates are refused with a message and nothing is written; a changed verified certificate goes
back to the officer.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.catalog import private_files
from marketplace.catalog.constants import MEMBER_MEMBER
from marketplace.catalog.member_models import GroupMember, MemberCertificate, MemberTraining
from marketplace.catalog.models import GroupMembership
from tests.catalog.helpers import pdf_bytes
from tests.factories import (
    make_certificate,
    make_group,
    make_member,
    make_training,
    make_user,
)

BASE = "/kelompok/saya/anggota"


def _cert_form(**overrides):
    data = {
        "scheme": "Menjahit Pakaian dengan Mesin",
        "issuer": "LSP Garmen Jawa Tengah",
        "number": "GRM.0042.2025",
        "issued_on": "2025-03-01",
        "expires_on": "2028-02-28",
        "scan": (io.BytesIO(pdf_bytes()), "sertifikat wati.pdf"),
    }
    data.update(overrides)
    return data


def _count(db_session, model) -> int:
    return db_session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def chair(db_session):
    user = make_user(db_session, name="Darto Wiyono")
    group = make_group(db_session, chair=user, name="Konveksi Maju Jaya")
    db_session.commit()
    return user, group


def test_chair_records_a_member_training_and_certificate(app, client, db_session, login_as, chair):
    user, group = chair
    login_as(user)
    assert "Belum ada data anggota" in client.get(BASE).get_data(as_text=True)
    response = client.post(
        f"{BASE}/baru",
        data={"name": "  Wati   Lestari ", "role": "treasurer", "age_band": "20_29", "gender": ""},
    )
    assert response.status_code == 302
    member = db_session.scalars(select(GroupMember)).one()
    assert (member.group_id, member.name, member.role, member.age_band, member.gender) == (
        group.id,
        "Wati Lestari",
        "treasurer",
        "20_29",
        None,
    )
    page = client.get(f"{BASE}/{member.id}").get_data(as_text=True)
    assert "Wati Lestari" in page and "Bendahara" in page

    # Profile edit.
    client.post(
        f"{BASE}/{member.id}",
        data={"name": "Wati Lestari", "role": "member", "age_band": "30_39", "gender": "female"},
    )
    db_session.expire_all()
    assert (member.role, member.age_band, member.gender) == ("member", "30_39", "female")

    # Training.
    response = client.post(
        f"{BASE}/{member.id}/pelatihan",
        data={"title": "Menjahit seragam kerja", "provider": "BLK Batang", "hours": "40"},
    )
    assert response.status_code == 302
    training = db_session.scalars(select(MemberTraining)).one()
    assert (training.title, training.hours, training.group_id) == (
        "Menjahit seragam kerja",
        40,
        group.id,
    )
    assert "Menjahit seragam kerja" in client.get(f"{BASE}/{member.id}").get_data(as_text=True)

    # Certificate with its scan: waits for the officer.
    assert client.get(f"{BASE}/{member.id}/sertifikat").status_code == 200
    response = client.post(
        f"{BASE}/{member.id}/sertifikat", data=_cert_form(), content_type="multipart/form-data"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    cert = db_session.scalars(select(MemberCertificate)).one()
    assert (cert.status, cert.number, cert.expires_on) == (
        "pending",
        "GRM.0042.2025",
        date(2028, 2, 28),
    )
    page = client.get(f"{BASE}/{member.id}").get_data(as_text=True)
    assert "Menunggu verifikasi" in page and "GRM.0042.2025" in page
    scan = client.get(f"/kelompok/saya/sertifikat/{cert.id}/berkas")
    assert scan.status_code == 200 and scan.data.startswith(b"%PDF-")
    assert scan.headers["Cache-Control"] == "private, no-store"

    # Edit: a new scan replaces the old file.
    old_key = cert.storage_key
    response = client.post(
        f"/kelompok/saya/sertifikat/{cert.id}",
        data=_cert_form(number="GRM.0043.2025"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert cert.number == "GRM.0043.2025" and cert.storage_key != old_key
    with app.test_request_context():
        assert private_files.read(old_key) is None
        assert private_files.read(cert.storage_key) is not None

    # Deletions: the training, the certificate (and its scan), the member.
    assert client.post(f"/kelompok/saya/pelatihan/{training.id}/hapus").status_code == 302
    key = cert.storage_key
    assert client.post(f"/kelompok/saya/sertifikat/{cert.id}/hapus").status_code == 302
    with app.test_request_context():
        assert private_files.read(key) is None
    assert client.post(f"{BASE}/{member.id}/hapus").status_code == 302
    assert _count(db_session, GroupMember) == 0
    assert _count(db_session, MemberTraining) == 0
    assert _count(db_session, MemberCertificate) == 0


def test_deleting_a_member_removes_their_certificates_and_scans(
    app, client, db_session, login_as, chair
):
    user, group = chair
    member = make_member(db_session, group)
    make_training(db_session, member)
    cert = make_certificate(db_session, member, app=app)
    db_session.commit()
    login_as(user)
    assert client.post(f"{BASE}/{member.id}/hapus").status_code == 302
    assert _count(db_session, MemberCertificate) == 0
    with app.test_request_context():
        assert private_files.read(cert.storage_key) is None


def test_other_groups_records_are_not_found(client, db_session, login_as, chair):
    _user, group = chair
    member = make_member(db_session, group)
    training = make_training(db_session, member)
    cert = make_certificate(db_session, member)
    other = make_user(db_session)
    make_group(db_session, chair=other)
    db_session.commit()
    login_as(other)
    for url in (
        f"{BASE}/{member.id}",
        f"{BASE}/{member.id}/sertifikat",
        f"/kelompok/saya/sertifikat/{cert.id}",
        f"/kelompok/saya/sertifikat/{cert.id}/berkas",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"{BASE}/{member.id}",
        f"{BASE}/{member.id}/hapus",
        f"{BASE}/{member.id}/pelatihan",
        f"/kelompok/saya/pelatihan/{training.id}/hapus",
        f"/kelompok/saya/sertifikat/{cert.id}",
        f"/kelompok/saya/sertifikat/{cert.id}/hapus",
    ):
        assert client.post(url, data={"name": "X", "title": "X"}).status_code == 404, url
    assert "Anggota" in client.get(BASE).get_data(as_text=True)
    assert member.name not in client.get(BASE).get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(GroupMember, member.id).name == member.name


def test_only_the_chair_manages_members(client, db_session, login_as, chair):
    _user, group = chair
    member = make_member(db_session, group)
    plain = make_user(db_session)
    db_session.add(GroupMembership(group_id=group.id, user_id=plain.id, role=MEMBER_MEMBER))
    db_session.commit()
    login_as(plain)
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}/{member.id}").status_code == 403
    assert client.post(f"{BASE}/{member.id}/hapus").status_code == 403
    assert "Anggota, pelatihan dan sertifikat" not in client.get("/kelompok/saya").get_data(
        as_text=True
    )


def test_a_bad_scan_or_impossible_dates_write_nothing(client, db_session, login_as, chair):
    user, group = chair
    member = make_member(db_session, group)
    db_session.commit()
    login_as(user)
    url = f"{BASE}/{member.id}/sertifikat"
    response = client.post(
        url,
        data=_cert_form(scan=(io.BytesIO(b"MZ\x90\x00 not a document"), "virus.exe")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Kirim berkas PDF atau foto" in response.get_data(as_text=True)
    response = client.post(
        url, data=_cert_form(expires_on="2024-01-01"), content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "tidak boleh sebelum tanggal terbit" in response.get_data(as_text=True)
    response = client.post(url, data=_cert_form(scan=None), content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Unggah pindaian sertifikat." in response.get_data(as_text=True)
    response = client.post(url, data=_cert_form(issued_on="kemarin"))
    assert response.status_code == 422
    assert _count(db_session, MemberCertificate) == 0
    response = client.post(f"{BASE}/baru", data={"name": "", "role": "member"})
    assert response.status_code == 422 and "Wajib diisi." in response.get_data(as_text=True)
    response = client.post(f"{BASE}/baru", data={"name": "Ani", "role": "boss"})
    assert response.status_code == 422
    assert _count(db_session, GroupMember) == 1


def test_a_changed_verified_certificate_goes_back_to_the_officer(
    client, db_session, login_as, chair
):
    user, group = chair
    member = make_member(db_session, group)
    cert = make_certificate(db_session, member, status="verified")
    db_session.commit()
    login_as(user)
    form = _cert_form(scan=None, scheme=cert.scheme, issuer=cert.issuer, number=cert.number)
    form.update(issued_on=cert.issued_on.isoformat(), expires_on="")
    # Saving unchanged keeps the officer's check.
    client.post(f"/kelompok/saya/sertifikat/{cert.id}", data=form)
    db_session.expire_all()
    assert cert.status == "verified"
    form["number"] = "GRM.9999.2025"
    assert client.post(f"/kelompok/saya/sertifikat/{cert.id}", data=form).status_code == 302
    db_session.expire_all()
    assert (cert.status, cert.number, cert.decided_by) == ("pending", "GRM.9999.2025", None)


def test_member_pages_in_english(client, db_session, login_as, chair):
    user, group = chair
    member = make_member(db_session, group, role="secretary", age_band="under_20")
    make_certificate(db_session, member, status="rejected")
    db_session.commit()
    login_as(user)
    client.get("/bahasa/en")
    listing = client.get(BASE).get_data(as_text=True)
    assert "Members and skills" in listing and "Secretary" in listing
    assert "1 certificate" in listing and "Rejected" in listing
    page = client.get(f"{BASE}/{member.id}").get_data(as_text=True)
    assert "Training taken" in page and "Under 20" in page and "Add certificate" in page
    form = client.get(f"{BASE}/{member.id}/sertifikat").get_data(as_text=True)
    assert "Certification scheme" in form and "Issuing body" in form
    assert "Skema sertifikasi" not in form
