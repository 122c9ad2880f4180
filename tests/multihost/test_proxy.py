"""Behind a load balancer: TRUSTED_PROXIES makes the client's address and scheme visible."""

from __future__ import annotations

from flask import request

from tests.conftest import make_app


def _app(tmp_path, hops: int):
    app = make_app(f"sqlite:///{tmp_path / 'proxy.sqlite3'}", tmp_path, TRUSTED_PROXIES=hops)
    app.add_url_rule("/_siapa", "siapa", lambda: f"{request.remote_addr} {request.scheme}")
    return app


HEADERS = {"X-Forwarded-For": "36.80.1.2", "X-Forwarded-Proto": "https"}


def test_forwarded_headers_trusted_only_when_configured(tmp_path):
    direct = _app(tmp_path, 0).test_client().get("/_siapa", headers=HEADERS)
    assert direct.get_data(as_text=True) == "127.0.0.1 http"  # a client cannot fake them
    proxied = _app(tmp_path, 1).test_client().get("/_siapa", headers=HEADERS)
    assert proxied.get_data(as_text=True) == "36.80.1.2 https"
    assert "max-age=31536000" in proxied.headers["Strict-Transport-Security"]
