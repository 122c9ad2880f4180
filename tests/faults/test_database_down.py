"""PostgreSQL unreachable for a moment: 503 in Indonesian, then back without a restart.

The app reaches PostgreSQL through a TCP proxy the test controls. Stopping the proxy cuts
the pooled connections and refuses new ones, as a database restart or a network cut would;
starting it again on the same port brings the database back. The same app object answers
503 with the Indonesian page (and /healthz 503) while it is down, and 200 again afterwards
(the first failed use invalidates the dead pooled connections, and a connection idle for
DB_PING_IDLE_SECONDS is pinged before use: see test_db_connections.py).

SQLite is embedded in the app process: it cannot be "unreachable" short of a broken disk,
so this test runs on PostgreSQL only.
"""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.extensions import db
from tests.conftest import make_app
from tests.factories import make_group, make_product
from tests.faults.helpers import TcpProxy

DOWN_TEXT = "Basis data sedang tidak dapat dihubungi"


def test_database_outage_answers_503_and_recovers_without_restart(pg_url, tmp_path):
    real = sa.make_url(pg_url)
    proxy = TcpProxy((real.host or "127.0.0.1", real.port or 5432))
    proxy.start()
    via_proxy = real.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
    app = make_app(via_proxy, tmp_path)
    try:
        with app.app_context():
            group = make_group(db.session, name="Kerajinan Bambu Wonotunggal")
            make_product(db.session, group, name="Tampah Bambu Anyam")
            db.session.commit()
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        page = client.get("/products?q=tampah")
        assert page.status_code == 200 and "Tampah Bambu Anyam" in page.get_data(as_text=True)

        proxy.stop()
        for path in ("/products", "/", "/products?q=tampah"):
            down = client.get(path)
            assert down.status_code == 503, path
            text = down.get_data(as_text=True)
            assert DOWN_TEXT in text and "Layanan sedang terganggu" in text
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json["database"] == "unreachable"

        proxy.start()
        assert client.get("/healthz").status_code == 200
        back = client.get("/products?q=tampah")
        assert back.status_code == 200 and "Tampah Bambu Anyam" in back.get_data(as_text=True)
    finally:
        proxy.stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
