"""Company accounts: registration, staff roles, threshold, officers' verification."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.exceptions import Forbidden, NotFound

from marketplace.core.audit import AuditEntry
from marketplace.procurement import companies, states
from marketplace.procurement.models import Company
from tests.factories import make_user
from tests.procurement.factories import add_company_member, make_company


def test_register_company_makes_the_user_every_role(client, db_session, login_as):
    user = make_user(db_session)
    db_session.commit()
    login_as(user)
    response = client.post(
        "/pengadaan/daftar",
        data={
            "name": "PT Garmen Batang",
            "npwp": "01.234.567.8-901.000",
            "address": "KITB Kav. 7, Gringsing",
            "is_pkp": "yes",
        },
    )
    assert response.status_code == 302
    company = db_session.scalars(select(Company).where(Company.name == "PT Garmen Batang")).one()
    assert company.npwp == "012345678901000" and company.is_pkp
    assert company.status == states.COMPANY_PENDING
    assert companies.roles_of(db_session, user.id, company.id) == {
        "requester",
        "approver",
        "finance",
    }
    page = client.get("/pengadaan/perusahaan").get_data(as_text=True)
    assert "01.234.567.8-901.000" in page and "Menunggu verifikasi" in page
    assert 'data-testid="nav-procurement"' in page
    assert client.get("/pengadaan/perusahaan").headers["Cache-Control"] == "no-store"


def test_bad_npwp_is_refused_with_a_message(client, db_session, login_as):
    login_as(make_user(db_session))
    response = client.post(
        "/pengadaan/daftar",
        data={"name": "PT X", "npwp": "12345", "address": "KITB", "is_pkp": "no"},
    )
    assert response.status_code == 422
    assert "NPWP harus 15 atau 16 angka" in response.get_data(as_text=True)
    assert db_session.scalar(select(Company).where(Company.name == "PT X")) is None


def test_duplicate_npwp_is_refused(db_session, app):
    make_company(db_session, npwp="012345678901000")
    with app.test_request_context(), pytest.raises(companies.CompanyError):
        companies.register_company(
            db_session,
            make_user(db_session),
            name="PT Lain",
            npwp="01.234.567.8-901.000",
            address="KITB",
            is_pkp=False,
        )


def test_approver_adds_member_and_sets_threshold(client, db_session, login_as):
    company = make_company(db_session)
    approver = company.members[0].user
    worker = make_user(db_session, email="wulan@garmen.id")
    db_session.commit()
    login_as(approver)
    response = client.post(
        "/pengadaan/perusahaan/anggota",
        data={"email": "Wulan@garmen.id", "roles": ["requester", "finance"]},
    )
    assert response.status_code == 303
    assert companies.roles_of(db_session, worker.id, company.id) == {"requester", "finance"}
    response = client.post(
        "/pengadaan/perusahaan/batas", data={"approval_threshold": "Rp 25.000.000"}
    )
    assert response.status_code == 303
    db_session.refresh(company)
    assert company.approval_threshold == 25_000_000
    assert company.needs_approval(25_000_001) and not company.needs_approval(25_000_000)


def test_requester_may_not_manage_staff(client, db_session, login_as):
    company = make_company(db_session)
    requester = add_company_member(db_session, company, "requester")
    db_session.commit()
    login_as(requester)
    page = client.get("/pengadaan/perusahaan").get_data(as_text=True)
    assert "Tambah staf" not in page
    response = client.post("/pengadaan/perusahaan/batas", data={"approval_threshold": "1"})
    assert response.status_code == 403


def test_require_member_hides_other_companies(db_session, app):
    mine = make_company(db_session)
    other = make_company(db_session)
    me = mine.members[0].user
    with app.test_request_context():
        assert companies.require_member(db_session, me, mine.id, {"finance"}) is mine
        with pytest.raises(NotFound):
            companies.require_member(db_session, me, other.id)
        requester = add_company_member(db_session, mine, "requester")
        with pytest.raises(Forbidden):
            companies.require_member(db_session, requester, mine.id, {"approver"})
    assert companies.company_for(db_session, me) is mine
    assert companies.company_for(db_session, requester, "approver") is None
    assert companies.company_for(db_session, make_user(db_session)) is None


def test_officer_verifies_and_rejects_with_audit(client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    pending = make_company(db_session, status=states.COMPANY_PENDING, name="PT Menunggu")
    other = make_company(db_session, status=states.COMPANY_PENDING)
    db_session.commit()
    login_as(officer)
    listing = client.get("/pengadaan/petugas/perusahaan").get_data(as_text=True)
    assert "PT Menunggu" in listing
    url = f"/pengadaan/petugas/perusahaan/{pending.id}"
    assert client.post(url, data={"action": "verify"}).status_code == 303
    db_session.refresh(pending)
    assert pending.status == states.COMPANY_VERIFIED and pending.verified_by_id == officer.id
    # a rejection needs a reason; a second verification is not a legal move
    other_url = f"/pengadaan/petugas/perusahaan/{other.id}"
    assert client.post(other_url, data={"action": "reject", "reason": " "}).status_code == 409
    assert client.post(url, data={"action": "verify"}).status_code == 409
    assert (
        client.post(other_url, data={"action": "reject", "reason": "NPWP salah"}).status_code == 303
    )
    entries = db_session.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == "company").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == ["company.verify", "company.reject"]
    assert entries[1].reason == "NPWP salah"
    page = client.get(other_url).get_data(as_text=True)
    assert "Penolakan perusahaan" in page and "NPWP salah" in page


def test_company_pages_in_english(client, db_session, login_as):
    company = make_company(db_session)
    db_session.commit()
    login_as(company.members[0].user)
    client.get("/bahasa/en")
    page = client.get("/pengadaan/perusahaan").get_data(as_text=True)
    assert "Staff and roles" in page and "Verified" in page
