"""Bytes and CPU time of each compression setting on the real home and catalog pages.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python scripts/bench_compression.py

Renders `/` and `/products` once (load the demo data first), then times Flask-Compress's
after_request hook on them for each setting, in CPU time (`time.process_time`, so other
processes on the machine inflate it far less than wall-clock requests/s) as the median of
7 rounds. docs/benchmarks.md ("Compression") has the figures behind the chosen levels.
"""

from __future__ import annotations

import statistics
import time

from flask import Response

from marketplace import create_app

PAGES = ("/", "/products")
SETTINGS = [
    ("gzip 6", "gzip", {"COMPRESS_LEVEL": 6}),
    ("gzip 9", "gzip", {"COMPRESS_LEVEL": 9}),
    *((f"br {q}", "gzip, br", {"COMPRESS_BR_LEVEL": q}) for q in (1, 3, 4, 5, 6, 7)),
]
ROUNDS = 7
CALLS = 300


def main() -> None:
    """Print bytes and median CPU microseconds per response for each setting and page."""
    app = create_app()
    client = app.test_client()
    bodies = {path: client.get(path).get_data() for path in PAGES}
    hook = app.extensions["compress"].after_request
    defaults = {k: app.config[k] for k in ("COMPRESS_LEVEL", "COMPRESS_BR_LEVEL")}
    timings: dict[tuple[str, str], tuple[int, list[float]]] = {}
    for _ in range(ROUNDS):  # settings interleaved, so a busy moment hits them all alike
        for name, accept, config in SETTINGS:
            app.config.update({**defaults, **config})
            for path, body in bodies.items():
                with app.test_request_context(path, headers={"Accept-Encoding": accept}):
                    start = time.process_time()
                    for _ in range(CALLS):
                        response = hook(Response(body, mimetype="text/html"))
                    spent = (time.process_time() - start) / CALLS * 1e6
                size = len(response.get_data())
                timings.setdefault((name, path), (size, []))[1].append(spent)
    print(f"{'setting':8} {'page':10} {'bytes':>7} {'CPU µs':>7}   (uncompressed bytes)")
    for (name, path), (size, spent) in timings.items():
        print(
            f"{name:8} {path:10} {size:7} {statistics.median(spent):7.0f}   ({len(bodies[path])})"
        )


if __name__ == "__main__":
    main()
