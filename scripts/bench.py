"""`make bench`: the large data set under gunicorn, driven by wrk and a checkout driver.

Builds the large data set once (`flask demo load --scale large`; SQLite in
instance/bench.sqlite3, or BENCH_DATABASE_URL for PostgreSQL) and reuses it; starts gunicorn
with BENCH_WORKERS workers (scripts/bench_app.py: the app plus a no-database ceiling page);
a second gunicorn with the same workers serves
scripts/bench_bare.py (bare Flask returning the catalog's first page as a constant); for each
page runs wrk (warm-up, the ceiling and the bare page just before and after, then the
measured run, from a separate process), then the checkout driver (scripts/bench_checkout.py);
reads each worker's resident memory from /proc, weighs the catalog's first view, checks that
no stock was oversold, prints a table and writes bench-results/<time>-<backend>.json.

Settings (environment): BENCH_DATABASE_URL, BENCH_WORKERS (CPU count), BENCH_DURATION (10 s),
BENCH_WARMUP (3 s), BENCH_CONNECTIONS (= workers), BENCH_CHECKOUT_USERS (16), BENCH_PORT (5055),
BENCH_ONLY (comma-separated page names, to run a subset).
"""

from __future__ import annotations

import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT))
from scripts.bench_checkout import TOKEN_RE, USER_AGENT  # noqa: E402
from scripts.bench_report_table import print_table  # noqa: E402

BENCH_NPWP = "099000000000001"  # marketplace.demo.large_procurement's company
BENCH_STAFF = "bench-pengadaan@demo.pasartkm.id"  # its staff (every role)

ENV = os.environ
DB_URL = ENV.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'instance' / 'bench.sqlite3'}"
BACKEND = sa.make_url(DB_URL).get_backend_name()
PORT = int(ENV.get("BENCH_PORT", "5055"))
BASE = f"http://127.0.0.1:{PORT}"
BARE_PORT = PORT + 1
BARE = f"http://127.0.0.1:{BARE_PORT}"
WORKERS = int(ENV.get("BENCH_WORKERS", str(os.cpu_count() or 2)))
DURATION = int(ENV.get("BENCH_DURATION", "10"))
WARMUP = int(ENV.get("BENCH_WARMUP", "3"))
# As many connections as workers: p95 then reads as service time, not queueing behind a
# saturated server (raise it to see queueing); requests/s is near the maximum either way.
CONNECTIONS = int(ENV.get("BENCH_CONNECTIONS", str(WORKERS)))
CHECKOUT_USERS = int(ENV.get("BENCH_CHECKOUT_USERS", "16"))
ONLY = {s for s in ENV.get("BENCH_ONLY", "").split(",") if s}
UPLOADS = ROOT / "instance" / f"bench-uploads-{BACKEND}"


def app_env() -> dict[str, str]:
    env = dict(ENV)
    env.update(
        DATABASE_URL=DB_URL,
        UPLOAD_FOLDER=str(UPLOADS),
        FLASK_APP="marketplace:create_app",
        APP_ENV="production",
        SECRET_KEY=ENV.get("SECRET_KEY") or secrets.token_urlsafe(32),
        SESSION_COOKIE_SECURE="0",  # plain HTTP on 127.0.0.1
    )
    if not env.get("RATELIMIT_STORAGE_URI") and not env.get("REDIS_URL"):
        # Production refuses per-process limit counters with several workers; the benchmark
        # measures pages, not limits, so without Redis it runs with the limiter off.
        env["RATELIMIT_ENABLED"] = "0"
    return env


def ensure_data(engine: sa.Engine) -> dict:
    """Build the large data set unless present; return how long building took (if known)."""
    marker = ROOT / "instance" / f"bench-load-{BACKEND}.json"
    with engine.connect() as conn:
        try:
            present = conn.execute(
                sa.text("SELECT 1 FROM producer_groups WHERE slug = 'bench-kelompok-00001'")
            ).first()
        except sa.exc.DBAPIError:
            present = None
    if present:
        # A data set built before the latest migrations gets them (0012 fills search_terms).
        subprocess.run([BIN / "flask", "db", "upgrade"], check=True, env=app_env(), cwd=ROOT)
        with engine.connect() as conn:
            procurement = conn.execute(
                sa.text("SELECT 1 FROM companies WHERE npwp = :n"), {"n": BENCH_NPWP}
            ).first()
        if not procurement:  # built before the procurement rows existed: the loader adds them
            subprocess.run(
                [BIN / "flask", "demo", "load", "--scale", "large"],
                check=True,
                env=app_env(),
                cwd=ROOT,
            )
        return json.loads(marker.read_text()) if marker.exists() else {}
    print(f"Building the large data set on {BACKEND} (once; reused by later runs)…")
    env = app_env()
    subprocess.run([BIN / "flask", "db", "upgrade"], check=True, env=env, cwd=ROOT)
    started = time.monotonic()
    subprocess.run(
        [BIN / "flask", "demo", "load", "--scale", "large"], check=True, env=env, cwd=ROOT
    )
    info = {"load_seconds": round(time.monotonic() - started, 1), "built": time.ctime()}
    vacuum(engine)
    marker.write_text(json.dumps(info))
    return info


def vacuum(engine: sa.Engine) -> None:
    """PostgreSQL: set the visibility map after the bulk load, so index-only scans work."""
    if BACKEND == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


def pick_targets(engine: sa.Engine) -> dict:
    with engine.connect() as conn:
        q = lambda sql: conn.execute(sa.text(sql)).first()  # noqa: E731
        shop = "bench-kelompok-00001"
        product = q(
            "SELECT p.id FROM products p JOIN producer_groups g ON g.id = p.group_id "
            f"WHERE g.slug = '{shop}' AND p.is_active ORDER BY p.sold_count DESC LIMIT 1"
        )[0]
        investor_group = q(
            "SELECT g.slug FROM producer_groups g JOIN group_vetting v ON v.group_id = g.id "
            "WHERE v.is_vetted AND g.tier = 'lanjutan' AND g.status = 'verified' "
            "AND g.slug LIKE 'bench-%' ORDER BY g.id LIMIT 1"
        )[0]
        # The product at position 47,976 of the newest-first catalog: the page after it is
        # what `?hal=2000` showed before keyset pagination (page 2000 of 24).
        deep_after = q(
            "SELECT p.id FROM products p JOIN producer_groups g ON g.id = p.group_id "
            "WHERE p.is_active AND g.status = 'verified' "
            "ORDER BY p.created_at DESC, p.id DESC LIMIT 1 OFFSET 47975"
        )[0]
        po = q(
            "SELECT po.id FROM purchase_orders po JOIN companies c ON c.id = po.company_id "
            f"WHERE c.npwp = '{BENCH_NPWP}' ORDER BY po.id LIMIT 1"
        )
        counts = {
            t: conn.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar()  # noqa: S608
            for t in ("producer_groups", "products", "users", "orders", "order_lines", "reviews")
        }
        stock = conn.execute(
            sa.text(
                "SELECT p.id, p.stock FROM products p JOIN producer_groups g ON g.id = p.group_id "
                "WHERE g.slug LIKE 'bench-%' AND g.status = 'verified' AND p.is_active "
                "AND NOT p.is_preorder AND p.stock >= 1000 AND p.id % 97 = 0 "
                "ORDER BY p.id LIMIT 200"
            )
        ).all()
    return {
        "shop": shop,
        "product": product,
        "investor_group": investor_group,
        "deep_after": deep_after,
        "po": po[0] if po else 0,
        "counts": counts,
        "stock": dict(stock),
    }


def start_gunicorn(env: dict, app: str = "scripts.bench_app:app", port: int = PORT):
    """Start gunicorn with the benchmark's worker count on `port`; wait until it answers."""
    log = open(ROOT / "bench-results" / f"gunicorn-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            BIN / "gunicorn",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            app,
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    for _ in range(120):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise SystemExit(f"gunicorn did not start; see bench-results/gunicorn-{port}.log")


def login_cookie(email: str) -> str:
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT
    page = http.get(BASE + "/akun/masuk", timeout=10).text
    token = TOKEN_RE.search(page).group(1)
    r = http.post(
        BASE + "/akun/masuk",
        allow_redirects=False,
        timeout=30,
        data={"identifier": email, "password": "demo12345", "csrf_token": token},
    )
    assert r.status_code == 302, f"login {email}: {r.status_code}"
    return "; ".join(f"{k}={v}" for k, v in http.cookies.items())


def wrk(url: str, seconds: int, cookie: str | None) -> dict:
    cmd = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(CONNECTIONS),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "scripts" / "bench_report.lua"),
        "-H",
        "Accept-Encoding: gzip",
        "-H",
        f"User-Agent: {USER_AGENT}",
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    data = json.loads(out.split("WRKJSON ", 1)[1])
    secs = data["duration_us"] / 1e6
    return {
        "rps": round(data["requests"] / secs, 1),
        "requests": data["requests"],
        "p50_ms": data["p50"] / 1000,
        "p95_ms": data["p95"] / 1000,
        "p99_ms": data["p99"] / 1000,
        "errors": sum(data["errors"].values()),
    }


def worker_rss(master: int) -> list[int]:
    """Resident memory (MB) of each gunicorn worker."""
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(round(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024, 1))
    return sizes


def page_weight() -> dict:
    """Bytes transferred (gzip) by the catalog's first view: HTML, CSS, JS; thumbnails apart."""
    http = requests.Session()
    http.headers.update({"Accept-Encoding": "gzip", "User-Agent": USER_AGENT})

    def size(path: str) -> tuple[int, str]:
        r = http.get(BASE + path, stream=True, timeout=10)
        return len(r.raw.read(decode_content=False)), r.headers.get("Cache-Control", "")

    html_bytes, _ = size("/products")
    html = http.get(BASE + "/products", timeout=10).text
    assets = re.findall(r'(?:href|src)="(/assets/[^"]+)"', html)
    thumbs = re.findall(r'src="(/media/[^"]+)"', html)
    asset_sizes = {a: size(a) for a in assets}
    thumb_sizes = [size(t)[0] for t in thumbs]
    return {
        "html_bytes": html_bytes,
        "assets": {a: s for a, (s, _c) in asset_sizes.items()},
        "asset_cache": sorted({c for _s, c in asset_sizes.values()}),
        "first_view_bytes": html_bytes + sum(s for s, _c in asset_sizes.values()),
        "thumbnails": len(thumbs),
        "thumb_max_bytes": max(thumb_sizes or [0]),
    }


def check_stock(engine: sa.Engine, before: dict, since: datetime) -> dict:
    ids = ",".join(str(i) for i in before) or "0"
    with engine.connect() as conn:
        after = {
            r[0]: r[1]
            for r in conn.execute(sa.text(f"SELECT id, stock FROM products WHERE id IN ({ids})"))
        }
        sold = {
            r[0]: r[1]
            for r in conn.execute(
                sa.text(
                    "SELECT l.product_id, SUM(l.quantity) FROM order_lines l "  # noqa: S608
                    f"JOIN orders o ON o.id = l.order_id WHERE l.product_id IN ({ids}) "
                    "AND o.created_at >= :since GROUP BY l.product_id"
                ).bindparams(sa.bindparam("since", type_=sa.DateTime)),
                {"since": since},
            )
        }
    wrong = [p for p in before if before[p] - after[p] != int(sold.get(p, 0)) or after[p] < 0]
    return {
        "products": len(before),
        "units_sold": int(sum(sold.values())),
        "mismatches": len(wrong),
        "negative": sum(1 for p in after if after[p] < 0),
    }


def main() -> None:
    if not shutil.which("wrk"):
        print("wrk is missing; trying `apt-get install -y wrk` (Debian/Ubuntu)…")
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False)
        if not shutil.which("wrk"):
            raise SystemExit("Install wrk (apt-get install wrk, brew install wrk) and rerun.")
    (ROOT / "bench-results").mkdir(exist_ok=True)
    (ROOT / "instance").mkdir(exist_ok=True)  # the SQLite data set lives there (fresh clone)
    engine = sa.create_engine(DB_URL)
    load = ensure_data(engine)
    targets = pick_targets(engine)
    env = app_env()
    server = start_gunicorn(env)
    bare = None
    results: dict = {"pages": {}}
    try:
        # Bare Flask serving the catalog's first page as a constant, same workers and load.
        html = ROOT / "bench-results" / "bare-catalog.html"
        html.write_bytes(requests.get(BASE + "/products", timeout=30).content)
        bare = start_gunicorn({**env, "BENCH_BARE_HTML": str(html)}, "scripts.bench_bare:app",
                              BARE_PORT)  # fmt: skip
        print(f"  bare Flask constant page: {html.stat().st_size} bytes", flush=True)
        investor = login_cookie("ratna@demo.pasartkm.id")
        officer = login_cookie("fajar@demo.pasartkm.id")
        buyer_staff = login_cookie(BENCH_STAFF)  # the company with 200 requests and 100 POs
        pages = [
            ("home", "/", None),
            ("catalog_p1", "/products", None),
            ("catalog_deep", f"/products?setelah={targets['deep_after']}", None),
            ("search_batik", "/products?q=batik", None),
            ("search_kopi_robusta", "/products?q=kopi+robusta", None),
            ("search_keripik_pedas", "/products?q=keripik+pedas", None),
            # misspelt: the exact search finds nothing, then the corrected one runs
            ("search_kripik_pedas", "/products?q=kripik+pedas", None),
            ("search_btk", "/products?q=btk", None),  # nothing close enough: did you mean
            ("product", f"/products/{targets['product']}", None),
            ("shop", f"/groups/{targets['shop']}", None),
            ("investor_summary", f"/investor/kelompok/{targets['investor_group']}", investor),
            ("impact_dashboard", "/pendamping/dampak", officer),
            ("procurement_requests", "/pengadaan/permintaan", buyer_staff),
            ("po_page", f"/pengadaan/po/{targets['po']}", buyer_staff),
            ("ceiling", "/bench/ceiling", None),
        ]
        for name, path, cookie in pages:
            if ONLY and name not in ONLY:
                continue
            headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}
            status = requests.get(
                BASE + path, headers=headers, allow_redirects=False, timeout=30
            ).status_code
            if status == 404:  # a page another branch adds (procurement): say so, don't measure
                results.setdefault("skipped", {})[name] = f"{path} answered 404 (page not built)"
                print(f"  {name}: skipped, {path} answered 404", flush=True)
                continue
            wrk(BASE + path, WARMUP, cookie)
            # This VM's speed drifts by up to ±20 % from minute to minute, so each page's
            # "% ceiling" compares it with the ceiling measured just before and just after it.
            # The same for the bare Flask constant page (the framework's limit here).
            around = name != "ceiling"
            half = max(1, DURATION // 2)
            bare_before = wrk(BARE + "/", half, None)
            before = wrk(BASE + "/bench/ceiling", half, None) if around else None
            measured = wrk(BASE + path, DURATION, cookie)
            after = wrk(BASE + "/bench/ceiling", half, None) if around else None
            bare_after = wrk(BARE + "/", half, None)
            adjacent = (before["rps"] + after["rps"]) / 2 if around else measured["rps"]
            results["pages"][name] = {
                "path": path,
                "status": status,
                **measured,
                "ceiling_rps_adjacent": round(adjacent, 1),
                "bare_rps_adjacent": round((bare_before["rps"] + bare_after["rps"]) / 2, 1),
            }
            print(f"  {name}: {results['pages'][name]}", flush=True)
        results["rss_after_pages_mb"] = worker_rss(server.pid)
        if not ONLY or "checkout" in ONLY:
            since = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=5)
            out = subprocess.run(
                [
                    BIN / "python",
                    ROOT / "scripts" / "bench_checkout.py",
                    "--base",
                    BASE,
                    "--users",
                    str(CHECKOUT_USERS),
                    "--warmup",
                    str(WARMUP),
                    "--duration",
                    str(DURATION),
                    "--first-buyer",
                    str(int(time.time()) % 40_000 + 1),
                    "--products",
                    ",".join(str(p) for p in targets["stock"]),
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            results["checkout"] = json.loads(out)
            results["checkout"].pop("ordered", None)
            results["stock_check"] = check_stock(engine, targets["stock"], since)
        if not ONLY or "outbox" in ONLY:
            print("  outbox worker throughput (scripts/bench_outbox.py)…", flush=True)
            out = subprocess.run(
                [BIN / "python", ROOT / "scripts" / "bench_outbox.py", "--database-url", DB_URL],
                stdout=subprocess.PIPE,  # progress goes to stderr, shown as it comes
                text=True,
                check=True,
            ).stdout
            results["outbox"] = json.loads(out)
        results["weight"] = page_weight()
        results["rss_mb"] = worker_rss(server.pid)
    finally:
        for proc in (server, bare):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
    results.update(
        backend=BACKEND,
        workers=WORKERS,
        duration_s=DURATION,
        warmup_s=WARMUP,
        connections=CONNECTIONS,
        data=targets["counts"],
        load=load,
        when=time.ctime(),
        machine={
            "nproc": os.cpu_count(),
            "cpu": _cpu(),
            "python": platform.python_version(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "loadavg_end": os.getloadavg(),
        },
    )
    out = ROOT / "bench-results" / f"{time.strftime('%Y%m%d-%H%M%S')}-{BACKEND}.json"
    out.write_text(json.dumps(results, indent=2, default=str))
    print_table(results)
    print(f"\nJSON: {out.relative_to(ROOT)}")


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


if __name__ == "__main__":
    main()
