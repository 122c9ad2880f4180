"""No member's personal data on any page but the chair's and the officers' (issue 16).

Members' profiles hold a name, an age band and a gender; their certificates a number and a
scan. Over the authorization matrix's URL list, every GET page that anyone other than group
A's chair and the officer may open (public pages, buyers, group B, investors, company staff)
is read in Indonesian and in English: none may show group A's member's name, certificate
number, scan name or training, and the shop page and investor summary of group A (which show
its certificate counts) show no age band or gender either. The group's credit file PDF (certificate
counts by scheme) is read too, as its investor opens it. Features that add member data
(workforce, mentoring attendees) extend `MEMBER_PRIVATE` in `world.py` or this list.
"""

from __future__ import annotations

import io

from flask_babel import force_locale
from pypdf import PdfReader

from marketplace.catalog.member_models import AGE_BANDS, GENDERS
from tests.security.authz_table import TABLE
from tests.security.world import MEMBER_PRIVATE, USERS, url_for_rule

ALLOWED_TO_SEE = {"prodA", "officer"}
SKIP_RULES = {"/bahasa/<code>", "/akun/keluar"}


def _pages(world):
    for rule, methods in sorted(TABLE.items()):
        if "GET" in methods and rule not in SKIP_RULES:
            yield url_for_rule(rule, world), methods["GET"]


def _labels(app, lang: str) -> list[str]:
    """The age bands' and genders' labels as a page in `lang` shows them."""
    with app.test_request_context(), force_locale(lang):
        return [str(label) for label in (*AGE_BANDS.values(), *GENDERS.values())]


def test_no_member_personal_data_outside_the_chairs_and_officers_pages(app, security_world):
    world, clients = security_world
    group_pages = {
        f"/groups/{world.ids['group_a'].slug}",
        f"/investor/kelompok/{world.ids['group_a'].slug}",
    }
    labels = {lang: _labels(app, lang) for lang in ("id", "en")}
    found, read, credit_files = [], 0, 0
    for lang in ("id", "en"):
        for kind in USERS:
            if kind in ALLOWED_TO_SEE:
                continue
            client = clients[kind]
            client.get(f"/bahasa/{lang}")
            for url, expected in _pages(world):
                if expected[kind] != "ok":
                    continue
                response = client.get(url)
                if "berkas-kredit" in url and response.mimetype == "application/pdf":
                    pages = PdfReader(io.BytesIO(response.data)).pages
                    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
                    credit_files += 1
                elif response.direct_passthrough or not response.mimetype.startswith("text"):
                    response.close()
                    continue
                else:
                    text = response.get_data(as_text=True)
                read += 1
                for marker in MEMBER_PRIVATE.values():
                    if marker in text:
                        found.append((lang, kind, url, marker))
                if url in group_pages and response.status_code == 200:
                    assert 'data-testid="certificate-counts"' in text, (kind, url)
                    for label in labels[lang]:
                        if label in text:
                            found.append((lang, kind, url, label))
    assert read > 100
    assert credit_files == 4  # group A's investor, group B's chair (its own), in both languages
    assert not found, found


def test_the_chair_and_the_officer_do_see_the_member(security_world):
    world, clients = security_world
    member, cert = world.ids["member"], world.ids["certificate"]
    chair_page = clients["prodA"].get(f"/kelompok/saya/anggota/{member.id}")
    officer_page = clients["officer"].get(f"/pendamping/sertifikat/{cert.id}")
    for page in (chair_page, officer_page):
        assert page.status_code == 200
        assert MEMBER_PRIVATE["name"] in page.get_data(as_text=True)
