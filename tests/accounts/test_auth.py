"""Registration, login (with throttling), logout, passwords, safe redirects."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from tests.conftest import login
from tests.factories import make_user

REG = {
    "name": "Siti Rahayu",
    "email": "Siti@Contoh.id",
    "phone": "0812-3456-7890",
    "password": "rahasia123",
    "confirm": "rahasia123",
}


def test_register_creates_buyer_who_then_logs_in(client, db_session):
    response = client.post("/akun/daftar", data=REG)
    assert response.status_code == 303 and response.headers["Location"].endswith("/akun/masuk")
    user = db_session.scalars(select(User).where(User.email == "siti@contoh.id")).one()
    assert user.role == "buyer"
    assert user.phone == "6281234567890"
    assert user.password_hash.startswith("$argon2id$")
    assert "rahasia123" not in user.password_hash
    assert login(client, "siti@contoh.id").status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Siti Rahayu" in page


def test_register_with_a_taken_email_creates_nothing_and_bad_phone_is_refused(client, db_session):
    make_user(db_session, email="siti@contoh.id")
    response = client.post("/akun/daftar", data=REG, follow_redirects=True)
    assert "Pendaftaran diterima" in response.get_data(as_text=True)  # the same as for new
    assert db_session.scalars(select(User).where(User.email == "siti@contoh.id")).one().name != (
        "Siti Rahayu"
    )
    bad = client.post("/akun/daftar", data=REG | {"email": "lain@contoh.id", "phone": "12345"})
    assert bad.status_code == 422
    assert "nomor seluler Indonesia" in bad.get_data(as_text=True)
    assert db_session.scalar(select(User.id).where(User.email == "lain@contoh.id")) is None


@pytest.mark.parametrize(
    "phone", ["024 7654321", "+62 21 1234567", "0812345", "+60 12-345 6789", "+1 650 253 0000"]
)
def test_register_refuses_landline_short_and_foreign_numbers(client, db_session, phone):
    response = client.post("/akun/daftar", data=REG | {"phone": phone})
    assert response.status_code == 422
    assert "Nomor HP harus nomor seluler Indonesia" in response.get_data(as_text=True)
    assert db_session.scalar(select(User.id).where(User.email == "siti@contoh.id")) is None


@pytest.mark.parametrize("phone", ["0812 3456 7890", "+62 812-3456-7890", "62812 3456 7890"])
def test_register_accepts_each_way_of_writing_a_mobile_number(client, db_session, phone):
    assert client.post("/akun/daftar", data=REG | {"phone": phone}).status_code == 303
    user = db_session.scalars(select(User).where(User.email == "siti@contoh.id")).one()
    assert user.phone == "6281234567890"


def test_login_with_email_or_phone_and_wrong_password(client, db_session):
    user = make_user(db_session, phone="6281311112222")
    wrong = login(client, user.email, "salah-sekali")
    assert wrong.status_code == 401
    assert "kata sandi salah" in wrong.get_data(as_text=True)
    assert login(client, "0813-1111-2222").status_code == 302
    assert user.name in client.get("/").get_data(as_text=True)
    client.post("/akun/keluar")
    assert user.name not in client.get("/").get_data(as_text=True)
    assert login(client, user.email.upper()).status_code == 302


def test_login_throttled_per_account(client, db_session):
    user = make_user(db_session)
    for _ in range(5):
        assert login(client, user.email, "salah-sekali").status_code == 401
    blocked = login(client, user.email, "salah-sekali")
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan" in blocked.get_data(as_text=True)
    # Even the right password waits until the window passes.
    assert login(client, user.email).status_code == 429


def test_successful_logins_are_not_throttled(client, db_session):
    user = make_user(db_session)
    for _ in range(8):
        assert login(client, user.email).status_code == 302
        client.post("/akun/keluar")


def test_unsafe_next_is_ignored(client, db_session):
    user = make_user(db_session)
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"):
        response = client.post(
            f"/akun/masuk?next={target}", data={"identifier": user.email, "password": "rahasia123"}
        )
        assert response.status_code == 302
        assert response.headers["Location"] == "/", target
        client.post("/akun/keluar")
    ok = client.post(
        "/akun/masuk?next=/kelompok/gabung",
        data={"identifier": user.email, "password": "rahasia123"},
    )
    assert ok.headers["Location"] == "/kelompok/gabung"


def test_session_renewed_at_login(client, db_session):
    user = make_user(db_session)
    with client.session_transaction() as sess:
        sess["planted"] = "by-attacker"
    login(client, user.email)
    with client.session_transaction() as sess:
        assert "planted" not in sess


def test_change_password(client, db_session, login_as):
    user = make_user(db_session)
    login_as(user)
    bad = client.post(
        "/akun/kata-sandi",
        data={"current": "salah-sekali", "password": "baru12345", "confirm": "baru12345"},
    )
    assert bad.status_code == 422
    ok = client.post(
        "/akun/kata-sandi",
        data={"current": "rahasia123", "password": "baru12345", "confirm": "baru12345"},
    )
    assert ok.status_code == 302
    client.post("/akun/keluar")
    assert login(client, user.email, "rahasia123").status_code == 401
    assert login(client, user.email, "baru12345").status_code == 302


def test_password_reset_link_is_one_time(client, db_session, caplog):
    user = make_user(db_session)
    with caplog.at_level(logging.WARNING):
        response = client.post("/akun/lupa-kata-sandi", data={"email": user.email})
    assert response.status_code == 302
    match = re.search(r"http://localhost(/akun/pulihkan/\S+)", caplog.text)
    assert match, caplog.text
    link = match.group(1)
    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": "baru12345", "confirm": "baru12345"})
    assert done.status_code == 302
    assert login(client, user.email, "baru12345").status_code == 302
    client.post("/akun/keluar")
    again = client.post(link, data={"password": "lagi12345", "confirm": "lagi12345"})
    assert again.status_code == 302 and "lupa-kata-sandi" in again.headers["Location"]
    assert login(client, user.email, "lagi12345").status_code == 401


def test_forgot_password_same_answer_for_unknown_email(client, db_session, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.post("/akun/lupa-kata-sandi", data={"email": "tidakada@contoh.id"})
    assert response.status_code == 302
    assert "pulihkan" not in caplog.text


def test_investor_registration_waits_for_approval(client, db_session):
    data = REG | {"email": "ratna@csr.id", "phone": "081299998888", "organization": "CSR PT A"}
    response = client.post("/akun/daftar-investor", data=data, follow_redirects=True)
    assert "menunggu persetujuan" in response.get_data(as_text=True)
    user = db_session.scalars(select(User).where(User.email == "ratna@csr.id")).one()
    assert (user.role, user.investor_status, user.organization) == (
        "investor",
        "pending",
        "CSR PT A",
    )


def test_officer_cli_creates_officer(runner, db_session):
    result = runner.invoke(
        args=[
            "officer",
            "create",
            "--name",
            "Fajar",
            "--email",
            "fajar@kab.id",
            "--phone",
            "081211112222",
        ],
        input="rahasia123\nrahasia123\n",
    )
    assert result.exit_code == 0, result.output
    user = db_session.scalars(select(User).where(User.email == "fajar@kab.id")).one()
    assert user.role == "officer"
