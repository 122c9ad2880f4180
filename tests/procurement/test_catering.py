"""Recurring catering: proposal, acceptance, daily generation within capacity, count changes
until the cutoff, and who may see what."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.core.timeutil import WIB
from marketplace.orders.capacity_models import CapacityUse
from marketplace.orders.logistics import now_wib
from marketplace.orders.models import Notification
from marketplace.procurement import catering, catering_days, states
from marketplace.procurement.contract_models import CateringContract, CateringDay
from tests.factories import make_capacity, make_group, make_logistics, make_user
from tests.procurement.factories import make_company, make_contract

CATEGORY = "makanan-minuman"


def _today() -> date:
    return now_wib().date()


def _taken(db_session, capacity, day) -> int:
    return (
        db_session.scalar(
            select(CapacityUse.units_taken).where(
                CapacityUse.capacity_id == capacity.id, CapacityUse.day == day
            )
        )
        or 0
    )


def _days(db_session, contract) -> dict[date, int]:
    rows = db_session.execute(
        select(CateringDay.day, CateringDay.count).where(CateringDay.contract_id == contract.id)
    )
    return dict(rows.all())


def _notes(db_session, user_id, key) -> int:
    stmt = select(func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.message == key
    )
    return db_session.scalar(stmt)


@pytest.fixture
def kitchen(db_session):
    """Pak Yusuf's company, Bu Sri's kitchen (300 boxes a day), the zone's gates."""
    logistics = make_logistics(db_session)
    yusuf = make_user(db_session, name="Yusuf")
    company = make_company(db_session, staff=yusuf, name="PT Kantin Sehat", is_pkp=False)
    chair = make_user(db_session, name="Bu Sri")
    group = make_group(db_session, chair=chair, sectors=(CATEGORY,), name="Dapur Bu Sri")
    cap = make_capacity(db_session, group, category=CATEGORY, units_per_day=300)
    db_session.commit()
    return {
        "logistics": logistics,
        "yusuf": yusuf,
        "company": company,
        "chair": chair,
        "group": group,
        "capacity": cap,
    }


def _contract(db_session, k, **kw) -> CateringContract:
    kw.setdefault("starts_on", _today() + timedelta(days=1))
    kw.setdefault("days_of_week", 0b1111111)
    return make_contract(
        db_session, company=k["company"], group=k["group"], logistics=k["logistics"], **kw
    )


def test_company_proposes_and_group_accepts_then_days_are_generated(
    client, db_session, login_as, kitchen
):
    k = kitchen
    login_as(k["yusuf"])
    page = client.get("/pengadaan/katering/baru")
    assert page.status_code == 200 and "Dapur Bu Sri" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    start = _today() + timedelta(days=1)
    response = client.post(
        "/pengadaan/katering/baru",
        data={
            "group_id": str(k["group"].id),
            "menu": "Nasi kotak ayam bakar",
            "unit_price": "18.000",
            "count_per_day": "250",
            "days": ["0", "1", "2", "3", "4", "5", "6"],
            "point_id": str(k["logistics"]["points"][0].id),
            "window_id": str(k["logistics"]["windows"]["siang"].id),
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=27)).isoformat(),
            "cutoff_hour": "15",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    contract = db_session.scalars(select(CateringContract)).one()
    assert contract.status == states.CONTRACT_PROPOSED and contract.unit_price == 18_000
    assert _notes(db_session, k["chair"].id, "catering.proposed") == 1

    client.post("/akun/keluar")
    login_as(k["chair"])
    page = client.get(f"/pengadaan/kelompok/katering/{contract.id}").get_data(as_text=True)
    assert "Terima kontrak" in page and "PT Kantin Sehat" in page
    response = client.post(f"/pengadaan/kelompok/katering/{contract.id}", data={"action": "accept"})
    assert response.status_code == 303
    db_session.expire_all()
    assert contract.status == states.CONTRACT_ACTIVE
    days = _days(db_session, contract)
    assert len(days) == 7 and set(days.values()) == {250}
    assert _taken(db_session, k["capacity"], start) == 250
    assert _notes(db_session, k["yusuf"].id, "catering.accepted") == 1
    cooking = client.get("/pengadaan/kelompok/katering").get_data(as_text=True)
    assert "250 × Nasi kotak ayam bakar" in cooking


def test_generation_is_idempotent_and_never_overbooks(app, db_session, kitchen):
    k = kitchen
    first = _contract(db_session, k, count_per_day=250)
    second = _contract(db_session, k, count_per_day=100)
    today = _today()
    with app.test_request_context():
        one = catering_days.generate_days(db_session, today, 5)
        again = catering_days.generate_days(db_session, today, 5)
    assert one.created == 5 and len(one.full) == 5  # the second contract never fits
    assert again.created == 0 and len(again.full) == 5
    assert len(_days(db_session, first)) == 5 and _days(db_session, second) == {}
    for i in range(1, 6):
        assert _taken(db_session, k["capacity"], today + timedelta(days=i)) == 250
    # Each full day is told to both sides once, however often the job runs.
    assert _notes(db_session, k["yusuf"].id, "catering.day_full_company") == 5
    assert _notes(db_session, k["chair"].id, "catering.day_full_group") == 5


def test_generation_skips_days_off_and_outside_the_period(app, db_session, kitchen):
    today = _today()
    contract = _contract(db_session, kitchen, days_of_week=0b0011111, weeks=1)
    with app.test_request_context():
        catering_days.generate_days(db_session, today, 14)
    days = _days(db_session, contract)
    assert days and all(d.weekday() < 5 and d <= contract.ends_on for d in days)


def test_count_changes_reserve_and_release_until_the_cutoff(app, db_session, kitchen):
    k = kitchen
    contract = _contract(db_session, k, count_per_day=200)
    day = _today() + timedelta(days=3)
    with app.test_request_context():
        catering_days.generate_days(db_session, _today(), 7)
        catering_days.set_count(db_session, contract, day, 280, k["yusuf"])
        assert _taken(db_session, k["capacity"], day) == 280
        with pytest.raises(catering_days.CountRefused, match="penuh"):
            catering_days.set_count(db_session, contract, day, 301, k["yusuf"])
        catering_days.set_count(db_session, contract, day, 150, k["yusuf"])
        assert _taken(db_session, k["capacity"], day) == 150
        row = db_session.scalars(select(CateringDay).where(CateringDay.day == day)).one()
        assert row.count == 150 and row.changed_by_id == k["yusuf"].id and row.changed_at
        late = datetime.combine(day - timedelta(days=1), time(15, 0), tzinfo=WIB)
        with pytest.raises(catering_days.CutoffPassed) as refused:
            catering_days.set_count(
                db_session, contract, day, 100, k["yusuf"], now=late.astimezone(UTC)
            )
        assert "15.00 WIB" in str(refused.value)
        early = late - timedelta(minutes=1)
        catering_days.set_count(db_session, contract, day, 100, k["yusuf"], now=early)
    assert _taken(db_session, k["capacity"], day) == 100


def test_count_page_refuses_after_the_cutoff_with_409(client, db_session, login_as, kitchen):
    k = kitchen
    contract = _contract(db_session, k, cutoff_hour=0)  # tomorrow's cutoff was midnight
    db_session.commit()
    login_as(k["yusuf"])
    tomorrow = _today() + timedelta(days=1)
    response = client.post(
        f"/pengadaan/katering/{contract.id}/jumlah",
        data={"day": tomorrow.isoformat(), "count": "200"},
    )
    assert response.status_code == 409
    assert "00.00 WIB" in response.get_data(as_text=True)
    later = _today() + timedelta(days=9)
    response = client.post(
        f"/pengadaan/katering/{contract.id}/jumlah", data={"day": later.isoformat(), "count": "-1"}
    )
    assert response.status_code == 422
    response = client.post(
        f"/pengadaan/katering/{contract.id}/jumlah", data={"day": later.isoformat(), "count": "120"}
    )
    assert response.status_code == 303
    page = client.get(f"/pengadaan/katering/{contract.id}").get_data(as_text=True)
    assert 'value="120"' in page and "Yusuf" in page


def test_pausing_gives_back_open_days_and_illegal_moves_are_409(
    client, db_session, login_as, kitchen
):
    k = kitchen
    contract = _contract(db_session, k)
    db_session.commit()
    login_as(k["yusuf"])
    assert (
        client.post(
            f"/pengadaan/katering/{contract.id}/status", data={"action": "resume"}
        ).status_code
        == 409
    )
    with client.application.test_request_context():
        catering_days.generate_days(db_session, _today(), 7)
    db_session.commit()
    far = _today() + timedelta(days=4)
    assert _taken(db_session, k["capacity"], far) == 250
    response = client.post(f"/pengadaan/katering/{contract.id}/status", data={"action": "pause"})
    assert response.status_code == 303
    db_session.expire_all()
    assert contract.status == states.CONTRACT_PAUSED
    assert _taken(db_session, k["capacity"], far) == 0
    assert far not in _days(db_session, contract)
    # Cancelling needs a reason.
    response = client.post(f"/pengadaan/katering/{contract.id}/status", data={"action": "cancel"})
    assert response.status_code == 409


def test_other_company_and_other_group_find_nothing(client, db_session, login_as, kitchen):
    contract = _contract(db_session, kitchen)
    other = make_user(db_session)
    make_company(db_session, staff=other)
    other_chair = make_user(db_session)
    make_group(db_session, chair=other_chair, sectors=(CATEGORY,))
    db_session.commit()
    login_as(other)
    assert client.get(f"/pengadaan/katering/{contract.id}").status_code == 404
    assert (
        client.post(
            f"/pengadaan/katering/{contract.id}/jumlah", data={"day": "2030-01-01", "count": "1"}
        ).status_code
        == 404
    )
    assert "Nasi kotak" not in client.get("/pengadaan/katering").get_data(as_text=True)
    client.post("/akun/keluar")
    login_as(other_chair)
    assert client.get(f"/pengadaan/kelompok/katering/{contract.id}").status_code == 404
    assert (
        client.post(
            f"/pengadaan/kelompok/katering/{contract.id}", data={"action": "cancel"}
        ).status_code
        == 404
    )


def test_proposal_to_a_group_that_does_not_cater_is_refused(app, db_session, kitchen):
    k = kitchen
    tailor = make_group(db_session, sectors=("konveksi",))
    start = _today() + timedelta(days=2)
    terms = catering.Terms(
        group_id=tailor.id,
        menu="Nasi kotak",
        unit_price=18_000,
        count_per_day=10,
        days_of_week=catering.days_mask([0, 1, 2, 3, 4]),
        point_id=k["logistics"]["points"][0].id,
        window_id=k["logistics"]["windows"]["siang"].id,
        starts_on=start,
        ends_on=start + timedelta(days=30),
        cutoff_hour=15,
    )
    with app.test_request_context(), pytest.raises(catering.CateringError):
        catering.propose(db_session, k["company"], k["yusuf"], terms, today=_today())


def test_pages_in_english(client, db_session, login_as, kitchen):
    k = kitchen
    contract = _contract(db_session, k)
    db_session.commit()
    login_as(k["yusuf"])
    client.get("/bahasa/en")
    page = client.get(f"/pengadaan/katering/{contract.id}").get_data(as_text=True)
    assert "Next 14 days" in page and "Monday" in page or "Tuesday" in page
    client.post("/akun/keluar")
    login_as(k["chair"])
    client.get("/bahasa/en")
    assert "What to cook" in client.get("/pengadaan/kelompok/katering").get_data(as_text=True)


def test_cli_generates_with_progress(runner, db_session, kitchen):
    contract = _contract(db_session, kitchen)
    db_session.commit()
    result = runner.invoke(args=["pengadaan", "katering"])
    assert result.exit_code == 0, result.output
    assert f"#{contract.id}" in result.output and "7" in result.output
    assert len(_days(db_session, contract)) == 7
    again = runner.invoke(args=["pengadaan", "katering"])
    assert again.exit_code == 0 and len(_days(db_session, contract)) == 7
