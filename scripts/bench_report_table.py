"""The table `make bench` prints from its JSON results."""

from __future__ import annotations

TARGETS_P95 = {
    "catalog_p1": 25,
    "catalog_deep": 25,
    "search_batik": 25,
    "search_kopi_robusta": 25,
    "search_keripik_pedas": 25,
    "search_kripik_pedas": 25,
    "search_btk": 25,
    "investor_summary": 30,
    "impact_dashboard": 30,
    "procurement_requests": 25,
    "po_page": 25,
}


def _fmt(value, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(results: dict) -> None:
    pages = results.get("pages", {})
    ceiling = pages.get("ceiling", {}).get("rps")
    print(
        f"\nPasar TKM benchmark — {results['backend']}, {results['workers']} gunicorn workers, "
        f"{results['connections']} connections, {results['duration_s']} s per page"
    )
    print(f"data: {results['data']}")
    head = f"{'page':<22}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
    print("\n" + head + f"{'% ceiling':>11}{'% bare':>9}{'target p95':>12}")
    print("-" * (len(head) + 32))
    for name, r in pages.items():
        # Against the ceiling measured around this page (see scripts/bench.py), if present.
        reference = r.get("ceiling_rps_adjacent") or ceiling
        share = f"{100 * r['rps'] / reference:.0f} %" if reference else "-"
        # Against bare Flask serving this same catalog HTML as a constant (scripts/bench_bare.py).
        bare = r.get("bare_rps_adjacent")
        bare_share = f"{100 * r['rps'] / bare:.0f} %" if bare else "-"
        target = TARGETS_P95.get(name)
        verdict = (
            "" if target is None else (f"<{target} {'ok' if r['p95_ms'] < target else 'MISSED'}")
        )
        print(
            f"{name:<22}{r['rps']:>9.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}"
            f"{r['p99_ms']:>9.1f}{r['errors']:>8}{share:>11}{bare_share:>9}{verdict:>12}"
        )
    for name, why in results.get("skipped", {}).items():
        print(f"{name:<22}skipped: {why}")
    c = results.get("checkout")
    if c:
        o = c["order"]
        print(
            f"{'checkout (orders)':<22}{c['orders_per_s']:>9.1f}{_fmt(o['p50']):>9}"
            f"{_fmt(o['p95']):>9}{_fmt(o['p99']):>9}{c['errors']:>8}"
        )
        print(
            f"  checkout: {c['orders']} COD orders by {c['users']} buyers, "
            f"{c['out_of_stock']} refused as sold out; steps p95 ms: add "
            f"{_fmt(c['add']['p95'])}, page {_fmt(c['page']['p95'])}, place "
            f"{_fmt(c['place']['p95'])}; login p50 {_fmt(c['login_ms_p50'])} ms"
        )
        print(f"  stock check: {results.get('stock_check')}")
    for run in results.get("outbox", {}).get("runs", []):
        print(
            f"outbox, {run['workers']} worker(s): {run['messages']} messages in "
            f"{run['seconds']} s = {run['total_per_s']} messages/s "
            f"(per worker {run['per_worker_per_s']}; fake channel)"
        )
    w = results.get("weight", {})
    if w:
        print(
            f"\ncatalog first view: {w['first_view_bytes'] / 1024:.1f} KB gzip "
            f"(HTML {w['html_bytes'] / 1024:.1f} KB + assets), {w['thumbnails']} thumbnails, "
            f"largest {w['thumb_max_bytes'] / 1024:.1f} KB; asset cache: {w['asset_cache']}"
        )
    print(f"worker RSS (MB): {results.get('rss_mb')}")
    if results.get("load"):
        print(f"large data set build: {results['load']}")
