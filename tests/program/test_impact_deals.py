"""The impact dashboard's deal tables: funds mobilised, jobs promised vs recorded."""

from __future__ import annotations

from datetime import date

from marketplace.program import impact_deals
from tests.conftest import login
from tests.factories import make_deal, make_user, make_vetted_group


def test_funds_mobilised_and_jobs_promised(app, db_session):
    officer = make_user(db_session, role="officer")
    investor = make_user(db_session, role="investor")
    group = make_vetted_group(db_session, officer, name="Batik Rifaiyah Kalipucang")
    deal = make_deal(
        db_session, group, investor, officer, amount=9_000_000,
        tranches=[(6_000_000, date(2025, 11, 1)), (3_000_000, date(2025, 12, 1))],
    )  # fmt: skip
    deal.tranches[0].disbursed_on = date(2025, 11, 2)
    make_deal(db_session, group, investor, officer, amount=1_000_000, status="agreed")  # not yet
    db_session.flush()

    funds = impact_deals.funds_mobilised(db_session)
    loan = next(r for r in funds.rows if r[0] == "Pinjaman")
    assert loan[1:] == [1, 9_000_000, 6_000_000]
    assert funds.rows[-1][1:] == [1, 9_000_000, 6_000_000]
    jobs = impact_deals.jobs_promised(db_session)
    assert ["Batik Rifaiyah Kalipucang", 6, 12, 0] in jobs.rows  # two pitches of 3 jobs each

    db_session.commit()
    client = app.test_client()
    login(client, officer.email)
    html = client.get("/pendamping/dampak").get_data(as_text=True)
    assert "Dana yang digerakkan" in html and "Batik Rifaiyah Kalipucang" in html
    assert client.get("/pendamping/dampak/dana.csv").status_code == 200
    client.get("/bahasa/en")
    english = client.get("/pendamping/dampak").get_data(as_text=True)
    assert "Funds mobilised" in english and "current member count" in english
