"""Two count raises at once on the same kitchen day never take more than its capacity.

Like tests/orders/test_capacity_concurrency.py: a fresh migrated database per test (SQLite
file, and PostgreSQL when TEST_DATABASE_URL is set), each thread on its own connection.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.orders.capacity_models import CapacityUse
from marketplace.orders.logistics import now_wib
from marketplace.procurement import catering_days
from marketplace.procurement.contract_models import CateringContract, CateringDay
from tests.factories import make_capacity, make_group, make_logistics, make_user
from tests.orders.test_capacity_concurrency import _run_parallel, fresh_app  # noqa: F401
from tests.procurement.factories import make_company, make_contract

UNITS = 400  # 100 + 100 taken; one raise to 250 fits (350), both (500) do not


def _seed(app) -> dict:
    with app.app_context():
        logistics = make_logistics(db.session)
        group = make_group(db.session, sectors=("makanan-minuman",))
        cap = make_capacity(db.session, group, category="makanan-minuman", units_per_day=UNITS)
        day = now_wib().date() + timedelta(days=3)
        ids, users = [], []
        for _ in range(2):  # two canteens buying from the same kitchen, 100 boxes each
            staff = make_user(db.session)
            company = make_company(db.session, staff=staff)
            contract = make_contract(
                db.session, company=company, group=group, logistics=logistics,
                count_per_day=100, days_of_week=0b1111111,
            )  # fmt: skip
            ids.append(contract.id)
            users.append(staff.id)
        db.session.flush()
        catering_days.generate_days(db.session, now_wib().date(), 5)
        db.session.commit()
        return {"contracts": ids, "users": users, "capacity": cap.id, "day": day}


def test_two_raises_at_once_never_exceed_the_day(fresh_app):  # noqa: F811
    data = _seed(fresh_app)
    outcomes: list[str] = []
    reasons: list[str] = []
    lock = threading.Lock()

    def worker(i):
        with fresh_app.app_context():
            contract = db.session.get(CateringContract, data["contracts"][i])
            user = db.session.get(type(contract.company.members[0].user), data["users"][i])
            try:
                catering_days.set_count(db.session, contract, data["day"], 250, user)
            except catering_days.CountRefused as exc:
                db.session.rollback()
                with lock:
                    outcomes.append("refused")
                    reasons.append(str(exc))
                return
            db.session.commit()
            with lock:
                outcomes.append("raised")

    _run_parallel(worker, 2)
    assert sorted(outcomes) == ["raised", "refused"], reasons
    with fresh_app.app_context():
        taken = db.session.scalar(
            sa.select(CapacityUse.units_taken).where(
                CapacityUse.capacity_id == data["capacity"], CapacityUse.day == data["day"]
            )
        )
        counts = db.session.scalars(
            sa.select(CateringDay.count).where(CateringDay.day == data["day"])
        ).all()
    assert taken == sum(counts) == 350 and sorted(counts) == [100, 250]
