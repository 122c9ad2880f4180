"""Time the benchmark's pages in-process: CPU ms per request, and their share of bare Flask.

Usage (from the repository root):
    .venv/bin/python scripts/profile_pages.py [--n 200] [--only catalog_p1,home]
                                              [--pyinstrument catalog_p1]
Builds a mid-size data set once (the small demo plus `marketplace.demo.large` at MID sizes) in
instance/profile.sqlite3, or uses PROFILE_DATABASE_URL (for PostgreSQL, a database you made).
Each page is requested `--n` times through the test client (after a warm-up), with the
headers wrk sends (gzip accepted); the median of `time.process_time()` per request is printed,
next to the same measure for the bare Flask constant page of scripts/bench_bare.py (the
catalog's first page as a constant, timed just before and after each page): "% bare" is the
in-process analogue of `make bench`'s, less disturbed by other processes on a loaded machine.
"calls" is Python function calls per request (cProfile), which does not drift with the load.
--pyinstrument NAME (pip install pyinstrument) prints a call profile of that page.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("PROFILE_DATABASE_URL") or f"sqlite:///{ROOT / 'instance/profile.sqlite3'}"
os.environ.update(
    DATABASE_URL=DB_URL,
    APP_ENV="production",
    SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(32),
    SESSION_COOKIE_SECURE="0",
    RATELIMIT_ENABLED="0",
    UPLOAD_FOLDER=str(ROOT / "instance" / "profile-uploads"),
)

import sqlalchemy as sa  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.demo.common import Sizes  # noqa: E402
from marketplace.extensions import db  # noqa: E402

MID = Sizes(
    groups=80, products=4000, buyers=400, order_lines=20_000, months=6, photos_per_category=1
)
HEADERS = {"Accept-Encoding": "gzip", "User-Agent": "pasar-tkm-bench"}
TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def build(app) -> None:
    """Create the schema and load the demo and the mid-size data set, unless already there."""
    from flask_migrate import upgrade

    from marketplace.demo.investors import load_investors
    from marketplace.demo.large import load_large
    from marketplace.demo.logistics import load_logistics
    from marketplace.demo.products import load_products
    from marketplace.demo.small import load_basic

    with app.app_context():
        upgrade()
        session = db.session
        present = "SELECT 1 FROM producer_groups WHERE slug LIKE 'bench-%'"
        if session.execute(sa.text(present)).first():
            return
        print("Building the mid-size data set (once)…", flush=True)
        load_basic(session)
        load_logistics(session)
        session.commit()
        load_products(session, echo=lambda *_: None)
        session.commit()
        load_investors(session, echo=lambda *_: None)
        session.commit()
        load_large(session, MID, echo=lambda *_: None)
        session.commit()


def targets(app) -> dict[str, str]:
    """Paths of the benchmark's pages on this data set."""
    with app.app_context():
        q = lambda sql: db.session.execute(sa.text(sql)).scalar()  # noqa: E731
        shop = "bench-kelompok-00001"
        product = q(
            "SELECT p.id FROM products p JOIN producer_groups g ON g.id = p.group_id "
            f"WHERE g.slug = '{shop}' AND p.is_active ORDER BY p.sold_count DESC LIMIT 1"
        )
        investor_group = q(
            "SELECT g.slug FROM producer_groups g JOIN group_vetting v ON v.group_id = g.id "
            "WHERE v.is_vetted AND g.status = 'verified' AND g.slug LIKE 'bench-%' "
            "ORDER BY g.tier = 'lanjutan' DESC, g.id LIMIT 1"
        )
        deep_after = q(
            "SELECT p.id FROM products p JOIN producer_groups g ON g.id = p.group_id "
            "WHERE p.is_active AND g.status = 'verified' "
            "ORDER BY p.created_at DESC, p.id DESC LIMIT 1 OFFSET 2000"
        )
        db.session.remove()
    return {
        "home": "/",
        "catalog_p1": "/products",
        "catalog_deep": f"/products?setelah={deep_after}",
        "search_batik": "/products?q=batik",
        "search_kopi_robusta": "/products?q=kopi+robusta",
        "product": f"/products/{product}",
        "shop": f"/groups/{shop}",
        "investor_summary": f"/investor/kelompok/{investor_group}",
        "impact_dashboard": "/pendamping/dampak",
    }


LOGINS = {
    "investor_summary": "ratna@demo.pasartkm.id",
    "impact_dashboard": "fajar@demo.pasartkm.id",
}


def client_for(app, email: str | None):
    """A test client, logged in as `email` when given."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = HEADERS["User-Agent"]  # "strong" session protection
    if email:
        token = TOKEN_RE.search(client.get("/akun/masuk").text).group(1)
        r = client.post(
            "/akun/masuk", data={"identifier": email, "password": "demo12345", "csrf_token": token}
        )
        assert r.status_code == 302, (email, r.status_code)
    return client


def cpu_ms(client, path: str, n: int) -> float:
    """Median CPU milliseconds of one request to `path` (after a warm-up)."""
    for _ in range(max(5, n // 10)):
        r = client.get(path, headers=HEADERS)
        assert r.status_code == 200, (path, r.status_code)
    times = []
    for _ in range(n):
        started = time.process_time()
        client.get(path, headers=HEADERS)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def calls_per_request(client, path: str, n: int = 20) -> int:
    """Python function calls per request (cProfile): steady where CPU time is not."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        client.get(path, headers=HEADERS)
    profiler.disable()
    return round(pstats.Stats(profiler).total_calls / n)


def bare_client(html: bytes):
    """A test client on scripts/bench_bare.py's app serving `html`."""
    with tempfile.NamedTemporaryFile(suffix=".html", delete=False) as f:
        f.write(html)
    os.environ["BENCH_BARE_HTML"] = f.name
    from scripts import bench_bare

    return bench_bare.app.test_client()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--only", default="")
    parser.add_argument("--pyinstrument", default="", help="page name to profile")
    args = parser.parse_args()
    app = create_app()
    # Plain HTTP as `make bench` (the test client would otherwise take production's https,
    # and Flask-WTF's strict referrer check would refuse the logins).
    app.config["PREFERRED_URL_SCHEME"] = "http"
    build(app)
    pages = targets(app)
    only = {s for s in args.only.split(",") if s}
    bare = bare_client(app.test_client().get("/products").data)
    # The machine's speed drifts: each page is compared with the bare page timed around it.
    print(f"{'page':22} {'CPU ms':>7} {'bare ms':>8} {'% bare':>7} {'calls':>7}")
    for name, path in pages.items():
        if only and name not in only:
            continue
        client = client_for(app, LOGINS.get(name))
        before = cpu_ms(bare, "/", args.n * 2)
        ms = cpu_ms(client, path, args.n)
        bare_ms = (before + cpu_ms(bare, "/", args.n * 2)) / 2
        calls = calls_per_request(client, path)
        print(
            f"{name:22} {ms:7.3f} {bare_ms:8.3f} {100 * bare_ms / ms:6.1f}% {calls:7d}", flush=True
        )
        if name == args.pyinstrument:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(args.n):
                client.get(path, headers=HEADERS)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
