"""Numbers, percentages, ratings, months and times follow the page's language."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from flask import session
from flask_babel import refresh

from marketplace.core import formatting as f
from tests.factories import make_product, make_user, make_vetted_group

EXPECTED = {
    "id": {
        "decimal": "4,53",
        "big": "1.234.567,50",
        "percent": "95,5 %",
        "rating": "★ 5,0",
        "month": "November 2026",
        "time": "11.30 WIB",
        "span": "06.00–08.00 WIB",
        "datetime": "5 Des 2026 11.30 WIB",
        "number": "12.500",
    },
    "en": {
        "decimal": "4.53",
        "big": "1,234,567.50",
        "percent": "95.5%",
        "rating": "★ 5.0",
        "month": "November 2026",
        "time": "11:30 WIB",
        "span": "06:00–08:00 WIB",
        "datetime": "5 Dec 2026 11:30 WIB",
        "number": "12,500",
    },
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_filters_follow_the_locale(app, lang):
    utc = datetime(2026, 12, 5, 4, 30)  # 11.30 WIB
    with app.test_request_context():
        session["lang"] = lang
        refresh()
        got = {
            "decimal": f.decimal("4.53"),
            "big": f.decimal(1234567.5, 2),
            "percent": f.percent("95.5"),
            "rating": f.rating(5),
            "month": f.month("2026-11-01"),
            "time": f.time_wib(utc),
            "span": f.time_span(time(6), time(8)),
            "datetime": f.wib_datetime(utc),
            "number": f.number(12500),
        }
    assert got == EXPECTED[lang]


def test_unknown_values_show_a_dash(app):
    with app.test_request_context():
        assert [f.decimal(None), f.percent(None), f.percent("-"), f.month(None)] == ["-"] * 4
        assert f.month(date(2026, 3, 17)) == f.month("2026-03") == "Maret 2026"


@pytest.mark.parametrize(("lang", "shown"), [("id", "★ 4,5"), ("en", "★ 4.5")])
def test_product_ratings_in_the_page_language(client, db_session, lang, shown):
    officer = make_user(db_session, role="officer")
    group = make_vetted_group(db_session, officer, chair=make_user(db_session))
    product = make_product(db_session, group, rating_sum=9, rating_count=2, rating_avg=4.5)
    db_session.commit()
    client.get(f"/bahasa/{lang}")
    for url in ("/products", f"/products/{product.id}"):
        assert shown in client.get(url).get_data(as_text=True), url
