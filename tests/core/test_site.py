"""Site-wide behaviour: health check, errors, CSRF, headers, formatting helpers."""

from __future__ import annotations

from datetime import datetime

import pytest

from marketplace.core.formatting import rupiah, wa_link, wib_datetime
from marketplace.core.phone import normalize_phone
from marketplace.core.security import safe_next
from tests.conftest import make_app
from tests.factories import make_user


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_unreachable(tmp_path):
    app = make_app("postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_pages_503_in_indonesian_when_database_unreachable(tmp_path):
    app = make_app("postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path)
    response = app.test_client().get("/")
    assert response.status_code == 503
    assert "Basis data sedang tidak dapat dihubungi" in response.get_data(as_text=True)


def test_error_pages_in_indonesian(client):
    response = client.get("/tidak-ada-halaman-ini")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_csrf_missing_token_is_400(database_url, tmp_path, db_session):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/akun/masuk", data={"identifier": "a@b.id", "password": "x"})
    assert response.status_code == 400
    assert "Formulir ini sudah tidak berlaku" in response.get_data(as_text=True)


def test_security_headers_and_cookie_flags(client, db_session):
    user = make_user(db_session)
    response = client.post("/akun/masuk", data={"identifier": user.email, "password": "rahasia123"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/")
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]


def test_pages_load_no_asset_from_another_host(client):
    html = client.get("/").get_data(as_text=True)
    assert 'src="http' not in html and 'href="http' not in html.replace('href="https://wa.me', "")


def test_language_switch_to_english(client):
    assert "Masuk" in client.get("/").get_data(as_text=True)
    client.get("/bahasa/en")
    html = client.get("/").get_data(as_text=True)
    assert "Log in" in html and 'lang="en"' in html


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("081234567890", "6281234567890"),
        ("+62 812-3456-7890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("0857 4000 1234", "6285740001234"),
        ("(0896) 0000-0001", "6289600000001"),
        ("0212345678", None),  # landline, Jakarta
        ("(024) 7654321", None),  # landline, Semarang
        ("+62 24 7654321", None),
        ("0800 1234567", None),  # toll-free
        ("0812345", None),  # too short
        ("0812 3456 7890 1234", None),  # too long
        ("+60 12-345 6789", None),  # Malaysian mobile
        ("+1 650 253 0000", None),
        ("0812-ABCD-7890", None),  # letters are not read as digits
        ("08123456789@contoh.id", None),  # an email typed in the login field
        ("abc", None),
        ("", None),
    ],
)
def test_normalize_phone(raw, expected):
    assert normalize_phone(raw) == expected


def test_rupiah_and_wib_and_wa_link():
    assert rupiah(15000) == "Rp\u00a015.000"
    assert rupiah(1250000) == "Rp\u00a01.250.000"
    assert rupiah(0) == "Rp\u00a00"
    assert wib_datetime(datetime(2026, 12, 5, 4, 30)).endswith("11.30 WIB")
    assert wa_link("0812 3456 7890", "Halo kak") == "https://wa.me/6281234567890?text=Halo%20kak"


@pytest.mark.parametrize(
    "target", ["//evil.com", "/\\evil.com", "http://evil.com", "evil", "/\x00x", ""]
)
def test_safe_next_refuses_non_local(target):
    assert safe_next(target) == "/"


def test_safe_next_keeps_local_paths():
    assert safe_next("/products?q=batik") == "/products?q=batik"
