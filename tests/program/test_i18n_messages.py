"""Promotion criteria and the impact tables (page and CSV) in the reader's language (issue 12)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.factories import make_group, make_product, make_review, make_sold_order, make_user
from tests.investors.helpers import in_month

CRITERIA = {
    "id": [
        "Lama berjualan di platform (bulan penuh sejak pesanan selesai pertama)",
        "Pesanan selesai",
        "Rata-rata penilaian pembeli",
        "Serah terima tepat waktu",
        "(1 penilaian)",
    ],
    "en": [
        "Time selling on the platform (full months since the first completed order)",
        "Completed orders",
        "Average buyer rating",
        "On-time handover",
        "(1 rating)",
    ],
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_promotion_criteria_in_the_officers_language(client, db_session, login_as, lang):
    group = make_group(db_session)
    order = make_sold_order(db_session, group, make_user(db_session), 10_000)
    make_review(db_session, order, make_product(db_session, group), 5)
    login_as(make_user(db_session, role="officer"))
    client.get(f"/bahasa/{lang}")
    page = client.get(f"/pendamping/kelompok/{group.id}/program").get_data(as_text=True)
    table = re.search(r'<table[^>]*data-testid="criteria">.*?</table>', page, re.S).group(0)
    for text in CRITERIA[lang]:
        assert text in table
    other = "en" if lang == "id" else "id"
    for text in CRITERIA[other]:
        assert text not in table


IMPACT = {
    "id": {
        "title": "Omzet program per bulan",
        "omzet": ["Bulan", "Omzet (Rp)", "Pesanan selesai"],
        "tingkat": ["Tingkat", "Kelompok", "Lapangan kerja"],
        "unggulan": ["Peringkat", "Kelompok", "Tingkat", "Kecamatan", "Omzet (Rp)"],
    },
    "en": {
        "title": "Program revenue per month",
        "omzet": ["Month", "Revenue (Rp)", "Completed orders"],
        "tingkat": ["Tier", "Groups", "Jobs"],
        "unggulan": ["Rank", "Groups", "Tier", "District", "Revenue (Rp)"],
    },
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_impact_titles_and_csv_headers_in_the_officers_language(client, db_session, login_as, lang):
    group = make_group(db_session, name="Dapur Uji")
    make_sold_order(db_session, group, make_user(db_session), 45_000, completed_at=in_month(1))
    login_as(make_user(db_session, role="officer"))
    client.get(f"/bahasa/{lang}")
    expected = IMPACT[lang]
    html = client.get("/pendamping/dampak").get_data(as_text=True)
    assert expected["title"] in html
    assert IMPACT["en" if lang == "id" else "id"]["title"] not in html
    for key in ("omzet", "tingkat", "unggulan"):
        response = client.get(f"/pendamping/dampak/{key}.csv")
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        assert rows[0][: len(expected[key])] == expected[key], key
