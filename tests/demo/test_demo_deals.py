"""`flask demo load` adds one confirmed deal (Bu Ratna and Pak Darto's group) shown on her
portfolio; loading again adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.investors import deal_states as states
from marketplace.investors.deal_models import Deal
from tests.conftest import login


def test_demo_load_adds_one_deal_once(runner, db_session, client):
    for _ in range(2):
        result = runner.invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
    assert db_session.scalar(select(func.count()).select_from(Deal)) == 1
    deal = db_session.scalars(select(Deal)).one()
    assert deal.status == states.CONFIRMED and deal.tranches[0].disbursed_on is not None
    assert login(client, "ratna@demo.pasartkm.id", "demo12345").status_code == 302
    page = client.get("/investor/portofolio").get_data(as_text=True)
    assert deal.group.name in page
