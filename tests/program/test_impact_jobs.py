"""Jobs on the impact dashboard: from records, the typed count as a stated fallback."""

from __future__ import annotations

import csv
import io

import pytest

from marketplace.catalog import workforce
from marketplace.investors.summary import add_months
from tests.catalog.workforce_factories import make_worker
from tests.factories import make_group, make_user
from tests.querycount import count_queries


def _csv(client, key):
    response = client.get(f"/pendamping/dampak/{key}.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _world(db_session):
    now = workforce.current_month()
    recorded = make_group(db_session, tier="lanjutan", sectors=("konveksi",), kecamatan="Subah")
    typed = make_group(db_session, kecamatan="Subah")  # no records: 12 members typed
    make_worker(db_session, recorded, add_months(now, -3), label="Sulastri Rahayu", birth_year=2001)
    make_worker(
        db_session, recorded, add_months(now, -1), kind="hired", hours="part", age_band="30-44"
    )
    make_worker(db_session, recorded, add_months(now, -2), add_months(now, -1), kind="hired")
    return now, recorded, typed


def test_dashboard_counts_jobs_from_records_and_falls_back_to_typed_count(
    client, db_session, login_as
):
    now, recorded, typed = _world(db_session)
    login_as(make_user(db_session, role="officer"))
    html = client.get("/pendamping/dampak").get_data(as_text=True)
    assert 'data-testid="total-jobs">14<' in html  # 2 recorded this month + 12 typed
    assert 'data-testid="jobs-fallback"' in html
    kec = {r[0]: r[1:] for r in _csv(client, "kecamatan")[1:]}
    assert kec["Subah"] == ["2", "14"]
    jobs = {r[0]: r[1:] for r in _csv(client, "kerja")}
    assert jobs["Bulan"][0] == "Jumlah"
    m = lambda k: add_months(now, -k).strftime("%Y-%m")  # noqa: E731
    assert jobs[m(4)] == ["0", "0", "0", "0", "0", "0"]
    assert jobs[m(3)] == ["1", "1", "0", "1", "0", "1"]  # young: born 2001
    assert jobs[m(1)] == ["3", "1", "2", "2", "1", "1"]  # the end month counts
    assert jobs[m(0)] == ["2", "1", "1", "1", "1", "1"]
    tiers = _csv(client, "kerja-tingkat")
    assert {r[0]: r[1:] for r in tiers}[m(0)] == ["0", "2"]  # pemula, lanjutan
    sectors = _csv(client, "kerja-bidang")
    col = sectors[0].index("Konveksi")
    assert {r[0]: r for r in sectors[1:]}[m(1)][col] == "3"
    kecs = _csv(client, "kerja-kecamatan")
    assert kecs[0] == ["Bulan", "Subah"] and kecs[-1] == [m(0), "2"]


def test_dashboard_query_count_does_not_grow_with_groups(app, client, db_session, login_as):
    now, _recorded, _typed = _world(db_session)
    login_as(make_user(db_session, role="officer"))
    with count_queries(app) as few:
        client.get("/pendamping/dampak")
    for _ in range(5):
        g = make_group(db_session, kecamatan="Tulis")
        make_worker(db_session, g, add_months(now, -5), birth_year=1980)
    with count_queries(app) as many:
        assert client.get("/pendamping/dampak").status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_dashboard_renders_in_both_languages_without_personal_data(
    client, db_session, login_as, lang
):
    _world(db_session)
    login_as(make_user(db_session, role="officer"))
    client.get(f"/bahasa/{lang}")
    html = client.get("/pendamping/dampak").get_data(as_text=True)
    assert "Sulastri" not in html and "2001" not in html
    if lang == "en":
        assert "Jobs recorded per month" in html and "self-typed" in html
    else:
        assert "Lapangan kerja tercatat per bulan" in html and "diisi sendiri" in html
