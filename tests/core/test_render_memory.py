"""The rendering pass's per-process tables stay as small as the set of locales."""

from __future__ import annotations

from marketplace.core import render


def test_many_requests_keep_one_locale_name_per_language(client, db_session):
    for _ in range(50):
        assert client.get("/products").status_code == 200
    client.get("/bahasa/en")
    for _ in range(50):
        assert client.get("/products").status_code == 200
    # Flask-Babel parses a new Locale per request; the table must not grow with them.
    assert set(render._LOCALE_NAMES.values()) <= {"id", "en"}
    assert len(render._LOCALE_NAMES) <= 2
