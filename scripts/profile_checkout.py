"""Profile one buyer's checkout loop in-process: SQL statements and time per request.

Usage (from the repository root, on the large data set that `make bench` built):
    .venv/bin/python scripts/profile_checkout.py [--orders 200] [--pyinstrument]
DATABASE_URL picks the database (default: instance/bench.sqlite3). Each order is the same
three requests the benchmark's checkout mix makes: add to cart, open the checkout page, place
a COD order. With --pyinstrument (pip install pyinstrument) it also prints a call profile.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'bench.sqlite3'}")

import sqlalchemy as sa  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.extensions import db  # noqa: E402
from scripts.bench_checkout import DAY_RE, POINT_RE, WINDOW_RE, _token  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--buyer", default="pembeli2001@bench.pasartkm.id")
    parser.add_argument("--pyinstrument", action="store_true")
    args = parser.parse_args()
    app = create_app({"RATELIMIT_ENABLED": False})
    counts: dict[str, int] = defaultdict(int)
    current = {"step": ""}
    with app.app_context():
        sa.event.listen(
            db.engine,
            "before_cursor_execute",
            lambda *a, **k: counts.__setitem__(current["step"], counts[current["step"]] + 1),
        )
        products = [
            pid
            for (pid,) in db.session.execute(
                sa.text(
                    "SELECT p.id FROM products p JOIN producer_groups g ON g.id = p.group_id "
                    "WHERE p.is_active AND g.status = 'verified' AND NOT p.is_preorder "
                    "AND p.stock > 1000 AND p.min_order = 1 ORDER BY p.id LIMIT 50"
                )
            )
        ]
        db.session.remove()
    client = app.test_client()
    token = _token(client.get("/akun/masuk").text)
    client.post(
        "/akun/masuk", data={"identifier": args.buyer, "password": "demo12345", "csrf_token": token}
    )
    token = _token(client.get("/keranjang").text)
    spent: dict[str, float] = defaultdict(float)
    cpu_spent: dict[str, float] = defaultdict(float)

    def step(name: str, call):
        current["step"] = name
        started, cpu_at = time.perf_counter(), time.process_time()
        response = call()
        spent[name] += time.perf_counter() - started
        cpu_spent[name] += time.process_time() - cpu_at
        return response

    def one(k: int) -> None:
        pid = products[k % len(products)]
        data = {"product_id": pid, "quantity": 1, "csrf_token": token}
        step("add", lambda: client.post("/keranjang/tambah", data=data))
        html = step("page", lambda: client.get("/checkout")).text
        form = {"csrf_token": token, "payment": "cod"}
        for gid, day in DAY_RE.findall(html):
            form[f"day-{gid}"], form[f"mode-{gid}"] = day, "pickup"
        for gid, window in WINDOW_RE.findall(html):
            form[f"window-{gid}"] = window
        for gid, point in POINT_RE.findall(html):
            form[f"point-{gid}"] = point
        response = step("place", lambda: client.post("/checkout", data=form))
        if response.status_code != 302:
            raise SystemExit(f"place: HTTP {response.status_code}")

    for k in range(10):  # warm-up
        one(k)
    counts.clear()
    spent.clear()
    cpu_spent.clear()
    profiler = None
    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    cpu_started = time.process_time()
    for k in range(args.orders):
        one(k)
        if (k + 1) % 50 == 0:
            print(f"  {k + 1}/{args.orders} orders", file=sys.stderr)
    if profiler:
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    cpu = time.process_time() - cpu_started
    total = sum(spent.values())
    print(
        f"{args.orders} orders, {total / args.orders * 1000:.1f} ms per order in-process"
        f" ({cpu / args.orders * 1000:.1f} ms of this process's CPU)"
    )
    for name in ("add", "page", "place"):
        print(
            f"  {name:6} {spent[name] / args.orders * 1000:6.2f} ms"
            f" ({cpu_spent[name] / args.orders * 1000:5.2f} ms CPU)"
            f"  {counts[name] / args.orders:5.1f} SQL statements"
        )


if __name__ == "__main__":
    main()
