"""Incentive rounds: exact normalisation and weights, a ranking frozen at its cut-off, the
lifecycle (409 on illegal moves), audited decisions, and the group's own breakdown only."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from marketplace.core.audit import AuditEntry
from marketplace.investors.summary import wib_today
from marketplace.program import incentive_figures as figures
from marketplace.program.incentive_models import IncentiveRound, IncentiveScore
from tests.factories import make_sold_order, make_user, make_vetted_group
from tests.investors.helpers import in_month, month_start

WEIGHTS = {"w_revenue_12m": "3", "w_on_time_rate": "1"}


def test_normalization_and_weights_are_exact():
    values = {
        1: {"revenue_12m": "1000000", "on_time_rate": "90.0"},
        2: {"revenue_12m": "3000000", "on_time_rate": "100.0"},
        3: {"revenue_12m": "2000000", "on_time_rate": None},
    }
    ranked = figures.rank(values, {"revenue_12m": 3, "on_time_rate": 1}, {1: "A", 2: "B", 3: "C"})
    by_id = {r.group_id: r for r in ranked}
    assert by_id[2].normalized == {"revenue_12m": 10_000, "on_time_rate": 10_000}
    assert by_id[3].normalized == {"revenue_12m": 5_000, "on_time_rate": 0}  # no value: 0
    assert by_id[1].normalized == {"revenue_12m": 0, "on_time_rate": 0}
    assert [(r.group_id, r.score, r.rank) for r in ranked] == [
        (2, 10_000, 1),
        (3, 3_750, 2),
        (1, 0, 3),
    ]
    # thirds round half up in basis points; equal totals share the better rank
    assert figures.normalize(["0", "1", "3", None]) == [0, 3_333, 10_000, 0]
    assert figures.normalize(["2.5", "2.5"]) == [10_000, 10_000]
    assert figures.total({"a": 3_333, "b": 10_000}, {"a": 2, "b": 1}) == 5_555  # 16666/3
    tied = figures.rank({1: {"x": "5"}, 2: {"x": "5"}, 3: {"x": "1"}}, {"x": 1}, {1: "B", 2: "A"})
    assert [(r.group_id, r.rank) for r in tied] == [(2, 1), (1, 1), (3, 3)]


def _world(db_session):
    officer = make_user(db_session, role="officer")
    buyer = make_user(db_session)
    strong = make_vetted_group(db_session, officer, name="Konveksi Kuat")
    weak = make_vetted_group(db_session, officer, name="Batik Lemah")
    for months_back, total in ((1, 300_000), (2, 300_000)):
        make_sold_order(db_session, strong, buyer, total, completed_at=in_month(months_back))
    make_sold_order(db_session, weak, buyer, 100_000, completed_at=in_month(2))
    db_session.commit()
    return officer, buyer, strong, weak


def _create_and_rank(client, login_as, officer, cutoff: date):
    login_as(officer)
    form = {"name": "Insentif 2026", "cutoff": cutoff.isoformat(), "budget": "10.000.000"}
    response = client.post("/pendamping/insentif", data=form | WEIGHTS)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    round_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert client.post(f"/pendamping/insentif/{round_id}/hitung").status_code == 302
    return round_id


def _frozen(db_session, round_id):
    rows = db_session.scalars(select(IncentiveScore).where(IncentiveScore.round_id == round_id))
    return {
        r.group_id: (r.rank, r.score, [(v.key, v.value, v.normalized) for v in r.values])
        for r in rows
    }


def test_ranking_is_frozen_at_the_cutoff(client, db_session, login_as):
    officer, buyer, strong, weak = _world(db_session)
    cutoff = month_start(0)  # figures: the 12 full months before this month
    round_id = _create_and_rank(client, login_as, officer, cutoff)
    before = _frozen(db_session, round_id)
    assert before[strong.id][0] == 1 and before[weak.id][0] == 2
    assert before[strong.id][2][0] == ("revenue_12m", "600000", 10_000)
    assert before[weak.id][2][0] == ("revenue_12m", "100000", 0)
    # a big sale after the cut-off: not in the figures at the cut-off, and the stored ranking
    # does not move; computing again is refused
    make_sold_order(db_session, weak, buyer, 5_000_000, completed_at=in_month(0, day=1))
    db_session.commit()
    assert figures.figures_at(db_session, weak, cutoff)["revenue_12m"] == "100000"
    response = client.post(f"/pendamping/insentif/{round_id}/hitung")
    assert response.status_code == 409
    db_session.expire_all()
    assert _frozen(db_session, round_id) == before
    page = client.get(f"/pendamping/insentif/{round_id}")
    assert page.status_code == 200, page.get_data(as_text=True)
    page = page.get_data(as_text=True).replace("\u00a0", " ")
    assert "Konveksi Kuat" in page and "Rp 600.000" in page


def test_cutoff_in_the_future_is_refused(client, db_session, login_as):
    officer, _buyer, _strong, _weak = _world(db_session)
    login_as(officer)
    form = {"name": "Nanti", "cutoff": (date.today() + timedelta(days=40)).isoformat()}
    response = client.post("/pendamping/insentif", data=form | WEIGHTS)
    round_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = client.post(f"/pendamping/insentif/{round_id}/hitung")
    assert response.status_code == 422
    assert db_session.get(IncentiveRound, round_id).status == "draft"


def test_decisions_are_audited_and_the_lifecycle_is_enforced(client, db_session, login_as):
    officer, _buyer, strong, weak = _world(db_session)
    round_id = _create_and_rank(client, login_as, officer, month_start(0))
    base = f"/pendamping/insentif/{round_id}"
    # closing or giving before decisions: illegal moves
    assert client.post(f"{base}/tutup").status_code == 409
    assert client.post(f"{base}/selesai-keputusan").status_code == 422  # not all decided
    no_reason = {"group_id": strong.id, "award": "yes", "amount": "5.000.000", "reason": ""}
    assert client.post(f"{base}/keputusan", data=no_reason).status_code == 422
    over = no_reason | {"amount": "20.000.000", "reason": "Terbaik"}
    assert client.post(f"{base}/keputusan", data=over).status_code == 422  # over the budget
    award = no_reason | {"reason": "Peringkat pertama"}
    assert client.post(f"{base}/keputusan", data=award).status_code == 302
    refuse = {"group_id": weak.id, "award": "no", "amount": "", "reason": "Omzet belum cukup"}
    assert client.post(f"{base}/keputusan", data=refuse).status_code == 302
    assert client.post(f"{base}/selesai-keputusan").status_code == 302
    assert client.post(f"{base}/keputusan", data=award).status_code == 409  # decided: frozen
    assert client.post(f"{base}/tutup").status_code == 422  # the award is not given yet
    given = {"group_id": strong.id, "given_on": wib_today().isoformat()}
    assert client.post(f"{base}/diserahkan", data=given).status_code == 302
    assert client.post(f"{base}/diserahkan", data=given).status_code == 302  # twice: once
    assert client.post(f"{base}/tutup").status_code == 302
    assert client.post(f"{base}/hitung").status_code == 409
    assert db_session.get(IncentiveRound, round_id).status == "closed"
    entries = db_session.scalars(select(AuditEntry).where(AuditEntry.action.like("incentive.%")))
    actions = [(e.action, e.subject_id, e.reason, e.actor_id) for e in entries]
    assert ("incentive.decide", strong.id, "Peringkat pertama", officer.id) in actions
    assert ("incentive.decide", weak.id, "Omzet belum cukup", officer.id) in actions
    assert [a[0] for a in actions].count("incentive.given") == 1
    log = client.get("/pendamping/audit").get_data(as_text=True).replace("\u00a0", " ")
    assert "Menerima insentif Rp 5.000.000" in log and "Omzet 12 bulan × 3" in log


def test_group_sees_its_own_breakdown_only(client, db_session, login_as):
    officer, _buyer, strong, weak = _world(db_session)
    round_id = _create_and_rank(client, login_as, officer, month_start(0))
    client.post("/akun/keluar")
    login_as(weak.chair)
    page = client.get("/pendamping/kelompok-saya/bantuan-insentif")
    assert page.status_code == 200
    text = page.get_data(as_text=True).replace("\u00a0", " ")
    assert "Peringkat 2 dari 2 kelompok" in text
    assert "Rp 100.000" in text  # its own revenue
    assert "Konveksi Kuat" not in text and "Rp 600.000" not in text
    assert client.get(f"/pendamping/insentif/{round_id}").status_code == 403


def test_aid_records_entered_by_officers_audited_and_shown(client, db_session, login_as):
    officer, _buyer, strong, _weak = _world(db_session)
    login_as(officer)
    form = {
        "year": "2024",
        "kind": "equipment",
        "amount": "Rp 25.000.000",
        "source": "csr",
        "source_name": "PT Kaca Batang",
        "received_on": "2024-03-05",
        "note": "Mesin jahit 5 unit",
    }
    response = client.post(f"/pendamping/kelompok/{strong.id}/bantuan", data=form)
    assert response.status_code == 302
    bad = client.post(f"/pendamping/kelompok/{strong.id}/bantuan", data=form | {"amount": "1,5"})
    assert bad.status_code == 303
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "aid.add")).one()
    assert entry.subject_id == strong.id and entry.actor_id == officer.id
    page = client.get(f"/pendamping/kelompok/{strong.id}/program").get_data(as_text=True)
    page = page.replace("\u00a0", " ")
    assert "Rp 25.000.000" in page and "PT Kaca Batang" in page
    shop = client.get(f"/groups/{strong.slug}").get_data(as_text=True)
    assert "sejak 2024" in shop
    client.post("/akun/keluar")
    login_as(strong.chair)
    own = client.get("/pendamping/kelompok-saya/bantuan-insentif").get_data(as_text=True)
    own = own.replace("\u00a0", " ")
    assert "Peralatan" in own and "Rp 25.000.000" in own


def test_pages_in_english(client, db_session, login_as):
    officer, _buyer, _strong, weak = _world(db_session)
    round_id = _create_and_rank(client, login_as, officer, month_start(0))
    client.get(f"/pendamping/insentif/{round_id}")  # shows (and clears) the Indonesian flashes
    client.get("/bahasa/en")
    text = client.get(f"/pendamping/insentif/{round_id}").get_data(as_text=True)
    assert "Ranking computed and frozen" in text and "12-month revenue" in text
    assert "Putaran" not in text
    rounds = client.get("/pendamping/insentif").get_data(as_text=True)
    assert "New round" in rounds
    client.post("/akun/keluar")
    login_as(weak.chair)
    client.get("/bahasa/en")
    own = client.get("/pendamping/kelompok-saya/bantuan-insentif").get_data(as_text=True)
    assert "Rank 2 of 2 groups" in own and "Aid received" in own
