"""Business-to-business revenue: goods accepted at a BAST count in the group's month (accepted
quantity × unit price), the investor summary shows their share, and the rollup rebuild gives
exactly the figures kept incrementally."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from marketplace.core.timeutil import utcnow
from marketplace.investors import rollup_rebuild, rollups, summary
from marketplace.investors.models import GroupMonthlyStats
from marketplace.procurement import bast as bast_service
from marketplace.procurement import deliveries, states
from tests.factories import make_logistics, make_sold_order, make_user, make_vetted_group
from tests.procurement.factories import make_company, make_delivery, make_po


def _receive(app: Flask, session: Session, delivery, staff, rejected: dict[int, int]):
    """Dispatch everything planned, then sign the BAST rejecting `rejected` {po_line_id: n}."""
    with app.test_request_context():
        deliveries.dispatch(session, delivery, {ln.id: ln.qty_planned for ln in delivery.lines})
        results = {
            ln.id: (
                ln.qty_delivered - rejected.get(ln.po_line_id, 0),
                rejected.get(ln.po_line_id, 0),
                "Rusak" if rejected.get(ln.po_line_id) else "",
            )
            for ln in delivery.lines
        }
        return bast_service.sign(session, delivery, staff, results)


def test_bast_revenue_counts_and_the_summary_shows_the_b2b_share(app, client, db_session, login_as):
    logistics = make_logistics(db_session)
    group = make_vetted_group(db_session, sectors=("konveksi",))
    staff = make_user(db_session)
    company = make_company(db_session, staff=staff)
    make_sold_order(
        db_session,
        group,
        make_user(db_session),
        300_000,
        logistics=logistics,
        completed_at=utcnow(),
    )
    po = make_po(
        db_session,
        company=company,
        group=group,
        lines=(("Wearpack", 150_000, 10), ("Rompi", 20_000, 10)),
        logistics=logistics,
    )
    delivery = make_delivery(db_session, po)
    bast, created = _receive(app, db_session, delivery, staff, {po.lines[0].id: 4})
    assert created and delivery.status == states.DELIVERY_RECEIVED
    # a repeated signature counts nothing more
    again, created_again = bast_service.sign(db_session, delivery, staff, {})
    assert again.id == bast.id and not created_again
    b2b = 6 * 150_000 + 10 * 20_000  # 1.100.000
    month = rollups.month_of(bast.signed_at)
    row = db_session.query(GroupMonthlyStats).filter_by(group_id=group.id, month=month).one()
    assert (row.revenue, row.b2b_revenue) == (300_000, b2b)
    s = summary.compute(db_session, group)
    assert s.values["revenue"] == 300_000 + b2b
    assert s.values["b2b_share"] == "78.6"  # 1.100.000 ÷ 1.400.000
    db_session.commit()

    investor = make_user(db_session, role="investor")
    db_session.commit()
    login_as(investor)
    html = client.get(f"/investor/kelompok/{group.slug}").get_data(as_text=True)
    assert "Porsi omzet dari perusahaan (B2B)" in html and "78,6" in html
    assert "Rp\xa01.400.000" in html
    client.get("/bahasa/en")
    english = client.get(f"/investor/kelompok/{group.slug}").get_data(as_text=True)
    assert "Share of revenue from companies (B2B)" in english and "78.6" in english


def test_rebuild_equals_the_incremental_b2b_figures(app, db_session):
    logistics = make_logistics(db_session)
    group = make_vetted_group(db_session, sectors=("konveksi",))
    other = make_vetted_group(db_session, sectors=("konveksi",))
    staff = make_user(db_session)
    company = make_company(db_session, staff=staff)
    make_sold_order(
        db_session, group, make_user(db_session), 50_000, logistics=logistics, completed_at=utcnow()
    )
    for grp, rejected in ((group, 2), (group, 0), (other, 5), (other, 5)):
        po = make_po(
            db_session,
            company=company,
            group=grp,
            lines=(("Nasi kotak", 18_000, 5),),
            logistics=logistics,
        )
        _receive(app, db_session, make_delivery(db_session, po), staff, {po.lines[0].id: rejected})
    incremental = rollups.snapshot_rows(db_session)
    rollup_rebuild.rebuild(db_session)
    db_session.expire_all()
    assert rollups.snapshot_rows(db_session) == incremental
    stats = {(r[0], r[1]): r for r in incremental if r[0] != "buyer"}
    [mine] = [r for (g, _m), r in stats.items() if g == group.id]
    assert mine[-1] == (3 + 5) * 18_000
    assert not any(g == other.id for g, _m in stats)  # everything rejected: no revenue
