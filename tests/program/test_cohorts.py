"""Cohort figures against a hand-computed fixture, and the cohort page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from marketplace.catalog.aid_models import AidRecord
from marketplace.investors.models import GroupMonthlyStats
from marketplace.program import cohorts
from marketplace.program.mentoring_models import MentoringSession
from tests.catalog.workforce_factories import make_worker
from tests.factories import make_group, make_user


def _stats(session, group, month, revenue=0, refunded=0, b2b=0, orders=0):
    session.add(
        GroupMonthlyStats(
            group_id=group.id,
            month=month,
            revenue=revenue,
            refunded=refunded,
            b2b_revenue=b2b,
            completed_orders=orders,
        )
    )
    session.flush()


@pytest.fixture
def fixture_groups(db_session):
    """Period April-June 2025 (3 months), compared with January-March 2025.

    A: before 100.000-10.000 (Jan) + 50.000+20.000 b2b (Mar) = 160.000, 3+1 orders;
       during 200.000 (Apr) + 300.000-25.000+100.000 b2b (Jun) = 575.000, 5+6 orders;
       Dec 2024 and Jul 2025 are outside both spans.
       jobs in March: r1 (member, born 2000: young), r3 (hired, ends in March) = 2, young 1;
       jobs in June: r1, r2 (hired part-time, 30-44), r5 (hired, born 1999: young) = 3, young 2;
       r4 starts in July: never counted.
    B: before 40.000 (Feb), 2 orders; during 60.000 (May), 4 orders; no workforce records.
    C: not in the cohort (1.000.000 in May, 9 jobs).
    Totals: revenue 200.000 -> 635.000 (+217,5 %), orders 6 -> 15 (+150,0 %),
    jobs 2 -> 3 (+50,0 %), young 1 -> 2 (+100,0 %).
    """
    a = make_group(db_session, name="Kelompok A")
    b = make_group(db_session, name="Kelompok B")
    c = make_group(db_session, name="Kelompok C")
    _stats(db_session, a, date(2024, 12, 1), revenue=999_999, orders=9)
    _stats(db_session, a, date(2025, 1, 1), revenue=100_000, refunded=10_000, orders=3)
    _stats(db_session, a, date(2025, 3, 1), revenue=50_000, b2b=20_000, orders=1)
    _stats(db_session, a, date(2025, 4, 1), revenue=200_000, orders=5)
    _stats(db_session, a, date(2025, 6, 1), revenue=300_000, refunded=25_000, b2b=100_000, orders=6)
    _stats(db_session, a, date(2025, 7, 1), revenue=888_888, orders=8)
    _stats(db_session, b, date(2025, 2, 1), revenue=40_000, orders=2)
    _stats(db_session, b, date(2025, 5, 1), revenue=60_000, orders=4)
    _stats(db_session, c, date(2025, 5, 1), revenue=1_000_000, orders=10)
    make_worker(db_session, a, date(2024, 6, 1), label="r1", birth_year=2000)
    make_worker(
        db_session,
        a,
        date(2025, 5, 1),
        date(2025, 6, 1),
        label="r2",
        kind="hired",
        hours="part",
        age_band="30-44",
    )
    make_worker(db_session, a, date(2025, 1, 1), date(2025, 3, 1), label="r3", kind="hired")
    make_worker(db_session, a, date(2025, 7, 1), label="r4")
    make_worker(
        db_session,
        a,
        date(2025, 6, 1),
        date(2025, 6, 1),
        label="r5",
        kind="hired",
        hours="part",
        birth_year=1999,
    )
    for _ in range(9):
        make_worker(db_session, c, date(2025, 1, 1))
    return a, b, c


def test_cohort_figures_match_the_hand_computed_fixture(app, db_session, fixture_groups):
    a, b, _c = fixture_groups
    with app.app_context():
        f = cohorts.cohort_figures(db_session, [a.id, b.id], date(2025, 4, 1), date(2025, 6, 1))
    assert (f.months, f.before_start, f.before_end) == (3, date(2025, 1, 1), date(2025, 3, 1))
    assert (f.before.revenue, f.during.revenue) == (200_000, 635_000)
    assert (f.before.orders, f.during.orders) == (6, 15)
    assert (f.before.jobs.total, f.during.jobs.total) == (2, 3)
    assert (f.before.jobs.young, f.during.jobs.young) == (1, 2)
    assert (f.before.jobs.hired, f.during.jobs.hired) == (1, 2)
    assert (f.during.jobs.part_time, f.during.jobs.member) == (2, 1)
    assert cohorts.change_percent(200_000, 635_000) == Decimal("217.5")
    assert cohorts.change_percent(6, 15) == Decimal("150.0")
    assert cohorts.change_percent(0, 5) is None
    rows = {g.name: g for g in f.groups}
    assert (rows["Kelompok A"].before.revenue, rows["Kelompok A"].during.revenue) == (
        160_000,
        575_000,
    )
    assert rows["Kelompok B"].has_records is False and f.groups_without_records == 1
    with pytest.raises(cohorts.CohortError):
        cohorts.cohort_figures(db_session, [a.id], date(2025, 6, 1), date(2025, 4, 1))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_cohort_page_states_its_method_in_both_languages(
    client, db_session, login_as, fixture_groups, lang
):
    a, b, _c = fixture_groups
    login_as(make_user(db_session, role="officer"))
    client.get(f"/bahasa/{lang}")
    query = f"?mulai=2025-04&sampai=2025-06&kelompok={a.id},{b.id}"
    response = client.get("/pendamping/dampak/kohort" + query)
    assert response.status_code == 200
    html = response.get_data(as_text=True).replace("\xa0", " ")
    assert 'data-testid="cohort-method"' in html
    assert "Kelompok C" not in html and "r1" not in html  # only the cohort; no person labels
    if lang == "id":
        assert "Rp 635.000" in html and "217,5 %" in html
        assert "bukan penyebabnya" in html
    else:
        assert "217.5 %" in html and "not why" in html


def test_cohort_selection_by_filters_and_named_source(
    client, db_session, login_as, fixture_groups, monkeypatch
):
    a, b, c = fixture_groups
    c.kecamatan = "Subah"
    db_session.flush()
    with_filter = cohorts.select_groups(db_session, kecamatan="Gringsing", ids=[a.id, b.id, c.id])
    assert with_filter == sorted([a.id, b.id])
    source = cohorts.CohortSource("uji", "Menerima bantuan (uji)", lambda s, start, end: [c.id])
    monkeypatch.setitem(cohorts.cohort_sources, "uji", source)
    login_as(make_user(db_session, role="officer"))
    html = client.get("/pendamping/dampak/kohort?sumber=uji&mulai=2025-04&sampai=2025-06")
    text = html.get_data(as_text=True)
    assert "Menerima bantuan (uji)" in text and "Kelompok C" in text and "Kelompok A" not in text
    empty = client.get("/pendamping/dampak/kohort?kecamatan=Reban").get_data(as_text=True)
    assert 'data-testid="cohort-empty"' in empty


@pytest.mark.parametrize(
    "query",
    [
        "mulai=2025-13",
        "sumber=tidak-ada",
        "kelompok=1;DROP",
        "mulai=2025-06&sampai=2025-01",
        "mulai=2020-01&sampai=2025-01",
        "sampai=2099-01",
        "tingkat=raja",
    ],
)
def test_cohort_page_refuses_bad_choices_with_a_message(client, db_session, login_as, query):
    login_as(make_user(db_session, role="officer"))
    response = client.get("/pendamping/dampak/kohort?" + query)
    assert response.status_code == 400
    assert 'data-testid="cohort-error"' in response.get_data(as_text=True)


def _aid(session, group, year, received_on=None):
    record = AidRecord(
        group_id=group.id,
        year=year,
        kind="equipment",
        amount=5_000_000,
        source="ministry",
        received_on=received_on,
    )
    session.add(record)
    session.flush()


def _mentoring(session, group, officer, day):
    session.add(
        MentoringSession(group_id=group.id, officer_id=officer.id, session_date=day, notes="-")
    )
    session.flush()


@pytest.fixture
def sources_world(db_session, fixture_groups):
    """Period April-June 2025.

    Aid: A received on 10 May 2025 (in), B has an undated record of 2025 (in, by year),
    C received on 1 July 2025 (out), D (no figures) received on 31 March 2025 (out).
    Mentoring: A on 31 March 2025 (out), B on 1 April 2025 (in), C on 30 June 2025 (in).
    So "bantuan" is A and B; "pendampingan" is B and C.
    """
    a, b, c = fixture_groups
    d = make_group(db_session, name="Kelompok D")
    officer = make_user(db_session, role="officer")
    _aid(db_session, a, 2025, date(2025, 5, 10))
    _aid(db_session, b, 2025)
    _aid(db_session, c, 2025, date(2025, 7, 1))
    _aid(db_session, d, 2025, date(2025, 3, 31))
    _aid(db_session, d, 2024)  # undated, another year: out
    _mentoring(db_session, a, officer, date(2025, 3, 31))
    _mentoring(db_session, b, officer, date(2025, 4, 1))
    _mentoring(db_session, c, officer, date(2025, 6, 30))
    _mentoring(db_session, c, officer, date(2025, 5, 2))  # twice: counted once
    return a, b, c, d, officer


def test_registered_sources_select_groups_with_aid_or_mentoring_in_the_period(
    app, db_session, sources_world
):
    a, b, c, d, _officer = sources_world
    start, end = date(2025, 4, 1), date(2025, 6, 1)
    assert {"bantuan", "pendampingan"} <= set(cohorts.cohort_sources)
    aid = cohorts.cohort_sources["bantuan"].select(db_session, start, end)
    mentored = cohorts.cohort_sources["pendampingan"].select(db_session, start, end)
    assert list(aid) == sorted([a.id, b.id])
    assert list(mentored) == sorted([b.id, c.id])
    march = cohorts.cohort_sources["bantuan"].select(db_session, date(2025, 3, 1), date(2025, 3, 1))
    assert list(march) == sorted([b.id, d.id])  # D on 31 March; B undated in 2025


def _cell(html: str, testid: str) -> str:
    row = html.split(f'data-testid="{testid}"', 1)[1].split("</tr>", 1)[0]
    return " | ".join(part.split(">", 1)[1] for part in row.split("<td")[1:]).replace("</td>", "")


def test_cohort_page_with_each_source_shows_the_right_groups_and_figures(
    client, db_session, login_as, sources_world
):
    _a, _b, _c, _d, officer = sources_world
    login_as(officer)
    period = "&mulai=2025-04&sampai=2025-06"
    aid = client.get("/pendamping/dampak/kohort?sumber=bantuan" + period)
    assert aid.status_code == 200
    html = aid.get_data(as_text=True).replace("\xa0", " ")
    assert "Menerima bantuan dalam periode" in html
    assert "Kelompok A" in html and "Kelompok B" in html
    assert "Kelompok C" not in html and "Kelompok D" not in html
    # A and B: the hand-computed totals of the first test
    assert _cell(html, "row-revenue") == "Rp 200.000 | Rp 635.000 | 217,5 %"
    assert _cell(html, "row-orders") == "6 | 15 | 150,0 %"
    mentored = client.get("/pendamping/dampak/kohort?sumber=pendampingan" + period)
    html = mentored.get_data(as_text=True).replace("\xa0", " ")
    assert "Kelompok B" in html and "Kelompok C" in html
    assert "Kelompok A" not in html and "Kelompok D" not in html
    # B: 40.000 -> 60.000, 2 -> 4 orders; C: 0 -> 1.000.000, 0 -> 10 orders
    assert _cell(html, "row-revenue") == "Rp 40.000 | Rp 1.060.000 | 2.550,0 %"
    assert _cell(html, "row-orders") == "2 | 14 | 600,0 %"
    assert _cell(html, "row-jobs") == "9 | 9 | 0,0 %"  # C's nine workers since January
