"""The large data set's procurement part: a company with 200 requests and 100 POs, once."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.demo.large import load_large
from marketplace.demo.large_procurement import BENCH_NPWP, BENCH_STAFF, load_large_procurement
from marketplace.procurement.models import Company, CompanyMember
from tests.factories import make_logistics
from tests.perf.test_demo_large import TINY


def _count(session, sql: str, **params) -> int:
    return session.execute(sa.text(sql), params).scalar()


def test_large_loader_adds_the_bench_company_once(app, db_session):
    make_logistics(db_session)
    with app.app_context():
        counts = load_large(db_session, TINY, echo=lambda *_: None)
        assert load_large_procurement(db_session, echo=lambda *_: None) == 0
    assert counts["purchase_orders"] == 100
    company = db_session.scalars(sa.select(Company).where(Company.npwp == BENCH_NPWP)).one()
    assert (
        _count(db_session, "SELECT COUNT(*) FROM rfqs WHERE company_id = :c", c=company.id) == 200
    )
    assert (
        _count(
            db_session, "SELECT COUNT(*) FROM purchase_orders WHERE company_id = :c", c=company.id
        )
        == 100
    )
    assert _count(db_session, "SELECT COUNT(*) FROM po_lines") == 100
    assert _count(db_session, "SELECT COUNT(*) FROM rfq_recipients") >= 200
    staff = db_session.scalars(
        sa.select(CompanyMember).where(CompanyMember.company_id == company.id)
    ).all()
    assert {m.user.email for m in staff} == {BENCH_STAFF} and len(staff) == 3
