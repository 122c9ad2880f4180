"""Sessions end when they should; login and registration limits hold and reveal nothing.

A copied session cookie dies at logout, at a password change and at an officer's suspension
or refusal; limits are shared between worker processes (or the app refuses to start in
production); a stranger's failed logins lock only the stranger out; registering does not tell
a stranger who already has an account.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from tests.conftest import login, make_app
from tests.factories import add_member, make_user, make_vetted_group

ROOT = Path(__file__).resolve().parents[2]


def _copy(app, client):
    """A second browser holding a copy of `client`'s session cookie."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def test_logout_ends_a_copied_session_cookie(app, client, db_session, login_as):
    user = make_user(db_session)
    login_as(user)
    thief = _copy(app, client)
    assert thief.get("/pesanan").status_code == 200
    client.post("/akun/keluar")
    replay = thief.get("/pesanan")
    assert replay.status_code == 302 and "/akun/masuk" in replay.headers["Location"]
    assert user.name not in thief.get("/").get_data(as_text=True)
    login_as(user)  # the owner logs in again as usual
    assert client.get("/pesanan").status_code == 200


def test_reset_password_ends_copied_sessions(app, client, db_session, login_as):
    from marketplace.accounts import services

    user = make_user(db_session)
    login_as(user)
    thief = _copy(app, client)
    with app.test_request_context():
        token = services.make_reset_token(user)
    data = {"password": "rahasia-baru-2", "confirm": "rahasia-baru-2"}
    assert app.test_client().post(f"/akun/pulihkan/{token}", data=data).status_code == 302
    assert thief.get("/pesanan").status_code == 302
    assert client.get("/pesanan").status_code == 302


def test_officer_suspension_and_refusal_end_sessions(app, client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    group = make_vetted_group(db_session, officer)
    member = add_member(db_session, group)
    investor = make_user(db_session, role="investor", approved=False)
    sessions = {}
    for user in (group.chair, member, investor):
        browser = app.test_client()
        assert login(browser, user.email).status_code == 302
        assert browser.get("/pesanan").status_code == 200
        sessions[user.id] = browser
    login_as(officer)
    suspend = {"action": "suspend", "reason": "Laporan penipuan"}
    assert client.post(f"/pendamping/kelompok/{group.id}", data=suspend).status_code == 302
    refuse = {"action": "reject", "reason": "Data lembaga tidak cocok"}
    assert client.post(f"/pendamping/investor/{investor.id}", data=refuse).status_code == 302
    for browser in sessions.values():
        assert browser.get("/pesanan").status_code == 302  # logged out everywhere
    assert client.get("/pendamping/").status_code == 200  # the officer is not


# --- limits shared between processes --------------------------------------------------------


def test_production_refuses_per_process_limits(tmp_path):
    for workers in (0, 4):  # unknown, or several workers
        with pytest.raises(RuntimeError, match="REDIS_URL"):
            make_app(
                "sqlite://",
                tmp_path,
                APP_ENV="production",
                SECRET_KEY="x" * 48,
                RATELIMIT_STORAGE_URI="memory://",
                WEB_CONCURRENCY=workers,
            )
    shared = make_app(
        "sqlite://",
        tmp_path,
        APP_ENV="production",
        SECRET_KEY="x" * 48,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
        WEB_CONCURRENCY=4,
    )
    single = make_app(
        "sqlite://",
        tmp_path,
        APP_ENV="production",
        SECRET_KEY="x" * 48,
        RATELIMIT_STORAGE_URI="memory://",
        WEB_CONCURRENCY=1,
    )
    assert shared and single


def test_development_warns_loudly_about_per_process_limits(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="marketplace"):
        make_app(
            "sqlite://",
            tmp_path,
            APP_ENV="development",
            SECRET_KEY="x" * 48,
            RATELIMIT_STORAGE_URI="memory://",
            WEB_CONCURRENCY=4,
        )
    assert "each worker process counts on its own" in caplog.text


def test_redis_url_becomes_the_limit_storage():
    env = {k: v for k, v in os.environ.items() if not k.startswith("RATELIMIT_")}
    env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [
            sys.executable,
            "-c",
            "from marketplace import config as c; print(c.Config.RATELIMIT_STORAGE_URI)",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "redis://127.0.0.1:6379/15"


def test_gunicorn_with_several_workers_and_memory_limits_refuses_to_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RATELIMIT_", "FLASK_"))}
    env |= {
        "APP_ENV": "production",
        "SECRET_KEY": "x" * 48,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "REDIS_URL": "",
    }
    env.pop("WEB_CONCURRENCY", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(  # noqa: S603 - our own gunicorn
        [str(gunicorn), "-b", "127.0.0.1:0", "-w", "2", "--timeout", "20", "wsgi:app"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "each worker process counts on its own (2 workers)" in result.stderr


# --- lockout by account and address ---------------------------------------------------------


def test_a_stranger_cannot_lock_the_owner_out(app, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT", "3 per 15 minutes")
    owner = make_user(db_session)
    stranger = app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "203.0.113.66"
    for _ in range(3):
        assert login(stranger, owner.email, "tebak-tebakan").status_code == 401
    assert login(stranger, owner.email, "tebak-lagi").status_code == 429
    assert login(stranger, owner.email).status_code == 429  # even the right password
    phone = app.test_client()
    phone.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert login(phone, owner.email).status_code == 302  # the owner, from their own phone


# --- registration reveals nothing to a stranger ---------------------------------------------

REG = {
    "name": "Siti Rahayu",
    "email": "siti@contoh.id",
    "phone": "081234567890",
    "password": "rahasia123",
    "confirm": "rahasia123",
}


def _answer(client, data):
    response = client.post("/akun/daftar", data=data)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return response.status_code, response.headers["Location"], page


def test_registration_answers_the_same_for_taken_and_free_details(app, db_session, caplog):
    owner = make_user(db_session, email="pemilik@contoh.id", phone="6281311112222")
    answers = []
    with caplog.at_level(logging.WARNING, logger="marketplace.accounts.services"):
        for data in (
            REG,
            REG | {"email": "PEMILIK@contoh.id", "phone": "081299990000"},
            REG | {"email": "baru@contoh.id", "phone": "0813-1111-2222"},
        ):
            answers.append(_answer(app.test_client(), data))
    assert answers[0] == answers[1] == answers[2]
    status, location, page = answers[0]
    assert status == 303 and location.endswith("/akun/masuk")
    assert "Jika sudah pernah dipakai" in page and "sudah terdaftar" not in page
    # Only the free details made an account; the owner was told twice, by email.
    assert db_session.scalar(select(func.count(User.id))) == 2
    assert caplog.text.count(f"to={owner.email}") == 2
    assert "Percobaan pendaftaran" in caplog.text


def test_registration_is_rate_limited(app, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "REGISTER_LIMIT_PER_ADDRESS", "3 per hour")
    client = app.test_client()
    for i in range(3):
        data = REG | {"email": f"u{i}@contoh.id", "phone": f"08123456780{i}"}
        assert client.post("/akun/daftar", data=data).status_code == 303
    investor = REG | {"email": "x@contoh.id", "phone": "081234567809", "organization": "CSR"}
    response = client.post("/akun/daftar-investor", data=investor)  # one budget for both
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
