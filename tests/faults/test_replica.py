"""Public reads from a real streaming replica; a visitor's own writes from the primary.

The standby is a real `postgres` fed by streaming replication from the test server. Pausing
its WAL replay makes the two databases differ on purpose, so each page shows which one it
read: the anonymous visitor's catalog comes from the (paused) standby, the producer who just
added a product sees it at once, a standby too far behind or stopped is not used at all.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from tests.catalog.helpers import PRODUCT_FORM
from tests.conftest import login, make_app
from tests.factories import make_group
from tests.faults.replica_server import Replica

NAME = "Keripik tempe replika"


@pytest.fixture(scope="module")
def replica(pg_server_url) -> Iterator[Replica]:
    standby = Replica(pg_server_url)
    try:
        yield standby
    finally:
        standby.remove()


def _until(predicate, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition never held"
        time.sleep(0.05)  # polling interval


def _shows(client, slug: str) -> bool:
    page = client.get(f"/groups/{slug}")
    assert page.status_code == 200
    return NAME in page.get_data(as_text=True)


def test_reads_go_to_the_replica_writers_read_their_writes_and_lag_or_outage_falls_back(
    pg_url, replica, tmp_path
):
    standby_url = replica.database_url(pg_url)
    app = make_app(
        pg_url, tmp_path, DATABASE_REPLICA_URL=standby_url, REPLICA_MAX_LAG_SECONDS=600,
        REPLICA_CHECK_SECONDS=0, READ_YOUR_WRITES_SECONDS=60,
    )  # fmt: skip
    router = app.extensions["replica"]
    with app.app_context():
        group = make_group(db.session, status="verified", sectors=("makanan-minuman",))
        slug, chair_email = group.slug, group.chair.email
        db.session.commit()
    replica.wait_for(standby_url, "SELECT count(*) FROM producer_groups WHERE slug = :v", slug)

    visitor, producer = app.test_client(), app.test_client()
    assert not _shows(visitor, slug)
    assert router.last_lag is not None  # the page was routed through the replica's lag check

    # The standby stops applying changes: from now on it lags behind the primary.
    replica.execute(standby_url, "SELECT pg_wal_replay_pause()")
    login(producer, chair_email)
    form = PRODUCT_FORM | {"name": NAME, "category": "makanan-minuman", "min_order": "1"}
    created = producer.post("/kelompok/saya/produk/baru", data=form)
    assert created.status_code == 302
    assert _shows(producer, slug)  # read-your-writes: the producer reads from the primary
    assert not _shows(visitor, slug)  # the visitor still reads the paused standby

    # Too far behind: every reader goes to the primary until the standby catches up.
    router.max_lag = 0.2
    _until(lambda: _shows(visitor, slug))
    router.max_lag = 600
    replica.execute(standby_url, "SELECT pg_wal_replay_resume()")
    replica.wait_for(standby_url, "SELECT count(*) FROM products WHERE name = :v", NAME)
    assert _shows(visitor, slug) and router.healthy()

    # The standby goes away: pages keep answering, from the primary.
    replica.stop()
    try:
        for path in ("/", "/products", f"/groups/{slug}", "/products?q=keripik"):
            assert visitor.get(path).status_code == 200, path
        assert _shows(visitor, slug)
        assert not router.healthy()
    finally:
        replica.start()
        with app.app_context():
            db.engine.dispose()
        router.engine.dispose()


def test_without_replica_setting_nothing_is_routed(app):
    assert "replica" not in app.extensions
    assert app.config["DATABASE_REPLICA_URL"] == ""


def test_replica_lag_query_runs_on_a_primary_as_zero(pg_url):
    from marketplace.core.replica import LAG_SQL

    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.execute(LAG_SQL).scalar() == 0
    engine.dispose()
