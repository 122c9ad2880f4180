"""Security headers on every response, HSTS over HTTPS, and flagged cookies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from marketplace.extensions import db
from tests.conftest import make_app
from tests.security.authz_table import TABLE
from tests.security.world import USERS, url_for_rule

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MIDTRANS = ("https://app.midtrans.com", "https://app.sandbox.midtrans.com")
# Pages whose pay form is redirected to Midtrans' Snap page (a checkout, a company invoice).
PAY_PAGES = {"/pembayaran/<int:checkout_id>", "/pengadaan/tagihan/<int:invoice_id>"}


def directives(response) -> dict[str, list[str]]:
    csp = response.headers["Content-Security-Policy"]
    out = {}
    for part in csp.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def check_headers(response, where) -> None:
    h = response.headers
    assert h["X-Content-Type-Options"] == "nosniff", where
    assert h["Referrer-Policy"] == "strict-origin-when-cross-origin", where
    assert h["X-Frame-Options"] == "DENY", where
    assert h["Cross-Origin-Opener-Policy"] == "same-origin", where
    assert "geolocation=()" in h["Permissions-Policy"], where
    csp = directives(response)
    assert csp["default-src"] == ["'self'"], where
    assert csp["script-src"] == ["'self'"], where  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["style-src"] == ["'self'"], where
    assert csp["frame-ancestors"] == ["'none'"], where
    assert csp["object-src"] == ["'none'"], where
    assert csp["base-uri"] == ["'self'"], where
    assert "unsafe" not in h["Content-Security-Policy"], where
    assert "Strict-Transport-Security" not in h, where  # plain HTTP: no HSTS


def test_every_get_route_sends_security_headers(app, security_world):
    world, clients = security_world
    checked = 0
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = url_for_rule(rule.rule, world)
        row = TABLE[rule.rule]["GET"]
        # The user the page is for, and someone it refuses (error pages need headers too).
        kinds = {next((k for k in USERS if row[k] == "ok"), "anon"), "anon", "prodB"}
        for kind in sorted(kinds):
            response = clients[kind].get(url)
            response.close()
            check_headers(response, (rule.rule, kind, response.status_code))
            csp = directives(response)
            if rule.rule in PAY_PAGES and response.status_code == 200:
                # The pay form is redirected to Snap: only this page may submit there.
                assert csp["form-action"][0] == "'self'"
                assert set(MIDTRANS) <= set(csp["form-action"])
            else:
                assert csp["form-action"] == ["'self'"], rule.rule
            checked += 1
    assert checked > 100
    # A static file and a 405 carry them too.
    for response in (clients["anon"].get("/static/css/app.css"), clients["anon"].post("/healthz")):
        response.close()
        check_headers(response, response.status_code)


def test_templates_need_no_unsafe_inline():
    """No inline scripts, event handlers or style attributes, and no Snap JS embedded."""
    emails = TEMPLATES / "outbox" / "email.html"  # mail clients, not the site's CSP: inline CSS
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if path == emails:
            assert "<script" not in text and not re.search(r"\son[a-z]+\s*=", text)
            continue
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag, (path, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert not re.search(r"\sstyle\s*=", text), path
        assert "snap.js" not in text and "midtrans.com" not in text, path


@pytest.fixture
def production_app(database_url, tmp_path):
    application = make_app(
        database_url,
        tmp_path,
        APP_ENV="production",
        SECRET_KEY="x" * 48,
        WTF_CSRF_ENABLED=True,
        WEB_CONCURRENCY=1,  # one process: memory rate limits are allowed
    )
    yield application
    with application.app_context():
        db.engine.dispose()


def test_https_gets_hsts_and_secure_httponly_lax_cookies(production_app):
    assert production_app.config["SESSION_COOKIE_SECURE"]
    assert production_app.config["REMEMBER_COOKIE_SECURE"]
    assert production_app.config["REMEMBER_COOKIE_HTTPONLY"]
    client = production_app.test_client()
    response = client.get("/bahasa/en", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax", "path=/"} <= flags


def test_plain_http_cookie_is_httponly_and_lax(app, db_session):
    """The testing app over plain HTTP: HttpOnly and Lax, and no HSTS."""
    response = app.test_client().get("/bahasa/en")
    flags = {part.strip().lower() for part in response.headers["Set-Cookie"].split(";")[1:]}
    assert {"httponly", "samesite=lax"} <= flags
    assert "Strict-Transport-Security" not in response.headers
