"""The demo's workforce records: a few verified groups get records once; loading again adds
nothing, and the others keep their typed member count."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.catalog import workforce
from marketplace.catalog.workforce_models import WorkforceRecord
from marketplace.demo.workforce import GROUPS_WITH_RECORDS, load_workforce
from tests.factories import make_group


def test_demo_workforce_is_loaded_once(app, db_session):
    groups = [make_group(db_session) for _ in range(GROUPS_WITH_RECORDS + 2)]
    make_group(db_session, status="unverified")
    with app.app_context():
        added = load_workforce(db_session, echo=lambda _line: None)
        assert added > 0
        assert load_workforce(db_session, echo=lambda _line: None) == 0
        recorded = workforce.groups_with_records(db_session)
        now = workforce.jobs_at(db_session, workforce.current_month())
    assert recorded == {g.id for g in groups[:GROUPS_WITH_RECORDS]}
    assert db_session.scalar(select(func.count()).select_from(WorkforceRecord)) == added
    assert sum(c.young for c in now.values()) > 0 and sum(c.hired for c in now.values()) > 0
