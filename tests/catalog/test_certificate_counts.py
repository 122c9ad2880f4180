"""A group's shop page and its investor summary show verified certificates counted by scheme,
and nothing else of the members: no names, numbers, scans, age bands or genders."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from marketplace.core.timeutil import wib_today
from tests.catalog.test_page_cache import cached  # noqa: F401 - the page cache fixture
from tests.factories import (
    make_certificate,
    make_member,
    make_user,
    make_vetted_group,
)


def _counts(html: str) -> str:
    match = re.search(r'<ul[^>]*data-testid="certificate-counts">(.*?)</ul>', html, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def certified(db_session):
    group = make_vetted_group(db_session, name="Konveksi Maju Jaya")
    wati = make_member(db_session, group, name="Wati Lestari", age_band="under_20")
    ani = make_member(db_session, group, name="Ani Suryani", gender="male")
    make_certificate(db_session, wati, number="GRM.0001.2025")
    make_certificate(db_session, ani, scheme="menjahit pakaian dengan mesin")
    make_certificate(db_session, ani, scheme="Barista")
    make_certificate(db_session, wati, scheme="Barista", status="pending")
    make_certificate(db_session, wati, scheme="Penyelia Halal", status="rejected")
    past = wib_today() - timedelta(days=1)
    make_certificate(
        db_session, ani, scheme="Pengolahan Makanan", issued_on=date(2020, 1, 1), expires_on=past
    )
    db_session.commit()
    return group


PRIVATE = (
    "Wati Lestari",
    "Ani Suryani",
    "GRM.0001.2025",
    "LSP Garmen",
    "sertifikat.pdf",
    "Di bawah 20 tahun",
    "Laki-laki",
    "Penyelia Halal",
    "Pengolahan Makanan",
)


def test_shop_page_counts_verified_unexpired_certificates_by_scheme(client, db_session, certified):
    html = client.get(f"/groups/{certified.slug}").get_data(as_text=True)
    counts = _counts(html)
    assert "Menjahit Pakaian dengan Mesin: 2 sertifikat" in counts
    assert "Barista: 1 sertifikat" in counts
    assert counts.index("Menjahit") < counts.index("Barista")
    for text in PRIVATE:
        assert text not in html, text
    assert "/berkas" not in html


def test_investor_summary_shows_the_same_counts_only(client, db_session, login_as, certified):
    login_as(make_user(db_session, role="investor"))
    client.get("/bahasa/en")
    html = client.get(f"/investor/kelompok/{certified.slug}").get_data(as_text=True)
    counts = _counts(html)
    assert "Members&#39; competency certificates" in html or "Members' competency" in html
    assert "Menjahit Pakaian dengan Mesin: 2 certificates" in counts
    assert "Barista: 1 certificate" in counts
    for text in (*PRIVATE, "Under 20", "Male"):
        assert text not in html, text


def test_a_group_without_verified_certificates_shows_no_section(client, db_session):
    group = make_vetted_group(db_session)
    make_certificate(db_session, make_member(db_session, group), status="pending")
    db_session.commit()
    html = client.get(f"/groups/{group.slug}").get_data(as_text=True)
    assert 'data-testid="certificate-counts"' not in html


def test_a_verification_shows_on_the_cached_shop_page_at_once(
    cached,  # noqa: F811
    client,
    db_session,
    login_as,
):
    group = make_vetted_group(db_session)
    cert = make_certificate(db_session, make_member(db_session, group), status="pending")
    db_session.commit()
    officer_client = cached.test_client()
    officer = make_user(db_session, role="officer")
    db_session.commit()
    officer_client.post("/akun/masuk", data={"identifier": officer.email, "password": "rahasia123"})
    url = f"/groups/{group.slug}"
    assert "certificate-counts" not in client.get(url).get_data(as_text=True)
    assert "certificate-counts" not in client.get(url).get_data(as_text=True)  # from the cache
    response = officer_client.post(f"/pendamping/sertifikat/{cert.id}", data={"action": "verify"})
    assert response.status_code == 302
    assert "Menjahit Pakaian dengan Mesin: 1 sertifikat" in _counts(
        client.get(url).get_data(as_text=True)
    )
