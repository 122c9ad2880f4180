"""The impact dashboard's deal tables: funds mobilised, jobs promised vs recorded."""

from __future__ import annotations

from datetime import date

from marketplace.catalog import workforce
from marketplace.investors.summary import add_months
from marketplace.program import impact_deals
from tests.catalog.workforce_factories import make_worker
from tests.conftest import login
from tests.factories import make_deal, make_interest, make_user, make_vetted_group


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
    # a group that keeps workforce records: this month 2 (a member since last year and a
    # worker hired this month); the worker who left last month no longer counts
    now = workforce.current_month()
    recorded = make_vetted_group(db_session, officer, name="Konveksi Subah Makmur")
    make_interest(db_session, recorded, investor, new_jobs=5)
    make_worker(db_session, recorded, add_months(now, -14))
    make_worker(db_session, recorded, now, kind="hired", hours="part")
    make_worker(db_session, recorded, add_months(now, -6), add_months(now, -1), kind="hired")
    # records, none working this month: 0 from records, not the 12 typed
    left = make_vetted_group(db_session, officer, name="Olahan Pangan Tulis")
    make_interest(db_session, left, investor, new_jobs=2)
    make_worker(db_session, left, add_months(now, -3), add_months(now, -2))

    jobs = impact_deals.jobs_promised(db_session)
    assert jobs.rows == [
        # two pitches of 3 jobs each; no workforce records: the 12 members typed
        ["Batik Rifaiyah Kalipucang", 6, 12, "anggota di profil (belum ada catatan)", 0],
        ["Konveksi Subah Makmur", 5, 2, "catatan tenaga kerja", 0],
        ["Olahan Pangan Tulis", 2, 0, "catatan tenaga kerja", 0],
    ]

    db_session.commit()
    client = app.test_client()
    login(client, officer.email)
    html = client.get("/pendamping/dampak").get_data(as_text=True)
    assert "Dana yang digerakkan" in html and "Batik Rifaiyah Kalipucang" in html
    assert client.get("/pendamping/dampak/dana.csv").status_code == 200
    client.get("/bahasa/en")
    english = client.get("/pendamping/dampak").get_data(as_text=True)
    assert "Funds mobilised" in english and "no workforce records yet" in english
