"""Outbox throughput for `make bench`: messages per second per worker, with a fake channel.

Run by scripts/bench.py as a separate process (or alone). On a scratch database of the same
backend (a SQLite file, or a PostgreSQL database `bench_outbox` recreated each run) it queues
N rows for 100 people and lets 1, then 2 worker processes (PostgreSQL only: one SQLite writer)
deliver them through `marketplace.outbox.worker.run_once` with FakeChannel, which costs
nothing: the figure is the worker's own cost (claim, read, render, mark sent, commit).
Prints progress on stderr and one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _app(url: str):
    from marketplace import create_app

    return create_app(
        {
            "APP_ENV": "production",
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "WEB_CONCURRENCY": 1,
        }  # fmt: skip
    )


def scratch_database(backend_url: str) -> str:
    """A fresh, migrated database next to the benchmark's own; return its URL."""
    from flask_migrate import upgrade

    url = sa.make_url(backend_url)
    if url.get_backend_name() == "sqlite":
        path = ROOT / "instance" / "bench-outbox.sqlite3"
        path.unlink(missing_ok=True)
        scratch = f"sqlite:///{path}"
    else:
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql('DROP DATABASE IF EXISTS "bench_outbox" WITH (FORCE)')
            conn.exec_driver_sql('CREATE DATABASE "bench_outbox"')
        admin.dispose()
        scratch = url.set(database="bench_outbox").render_as_string(False)
    app = _app(scratch)
    with app.app_context():
        upgrade()
    return scratch


def queue(url: str, rows: int) -> None:
    """Queue `rows` messages (order ready, category pickup) for 100 people."""
    from marketplace.accounts.models import User
    from marketplace.extensions import db
    from marketplace.orders import notification_messages as messages
    from marketplace.outbox.models import OutboxMessage

    app = _app(url)
    with app.app_context():
        db.session.execute(sa.delete(OutboxMessage))
        users = db.session.scalars(sa.select(User.id)).all()
        if not users:
            db.session.execute(
                sa.insert(User),
                [
                    {
                        "name": f"Pembeli {i}",
                        "email": f"outbox{i}@bench.test",
                        "phone": f"62812000{i:05d}",
                        "password_hash": "x",
                    }  # fmt: skip
                    for i in range(100)
                ],
            )
            users = db.session.scalars(sa.select(User.id)).all()
        db.session.execute(
            sa.insert(OutboxMessage),
            [
                {
                    "user_id": users[i % len(users)],
                    "channel": "fake",
                    "category": "pickup",
                    "message": messages.ORDER_STATUS,
                    "params": {"id": i, "status": "ready"},
                    "link_endpoint": "orders.order_detail",
                    "link_params": {"order_id": i},
                    "idempotency_key": f"bench:{uuid.uuid4().hex}",
                }
                for i in range(rows)
            ],
        )
        db.session.commit()


def _work(url: str, out) -> None:
    from marketplace.extensions import db
    from marketplace.outbox.channels.fake import FakeChannel
    from marketplace.outbox.worker import Policy, run_once

    app = _app(url)
    fake = FakeChannel()
    handled = 0
    with app.test_request_context("/", base_url="http://127.0.0.1:5000"):
        started = time.perf_counter()
        while tally := run_once(db.session, {"fake": fake}, Policy(batch=50)):
            if not tally.handled:
                break
            handled += tally.handled
        out.put((handled, time.perf_counter() - started))


def run(url: str, workers: int) -> dict:
    """Let `workers` processes deliver the queue; messages/s per worker and in all."""
    results = multiprocessing.Queue()
    started = time.perf_counter()
    procs = [multiprocessing.Process(target=_work, args=(url, results)) for _ in range(workers)]
    for proc in procs:
        proc.start()
    done = [results.get(timeout=600) for _ in procs]
    for proc in procs:
        proc.join()
    wall = time.perf_counter() - started
    total = sum(n for n, _s in done)
    return {
        "workers": workers,
        "messages": total,
        "seconds": round(max(s for _n, s in done), 2),
        "per_worker_per_s": [round(n / s, 1) for n, s in done],
        "total_per_s": round(total / max(s for _n, s in done), 1),
        "wall_s_with_startup": round(wall, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    url = scratch_database(args.database_url)
    backend = sa.make_url(url).get_backend_name()
    runs = []
    for workers in (1, 2) if backend == "postgresql" else (1,):
        queue(url, args.rows)
        print(
            f"  outbox: {args.rows} rows queued, {workers} worker(s)…", file=sys.stderr, flush=True
        )
        runs.append(run(url, workers))
        print(f"  outbox: {runs[-1]}", file=sys.stderr, flush=True)
    print(json.dumps({"backend": backend, "rows": args.rows, "runs": runs}))


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    main()
