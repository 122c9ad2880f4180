"""Checkout load driver for `make bench`: logs buyers in, adds to cart, places COD orders.

Run by scripts/bench.py as a separate process. Each thread is one buyer with its own cookie
session: it logs in once (timed apart), then repeats "add a product to the cart, open the
checkout page, place a cash (COD) order" until the time is up, reading CSRF tokens and the
first open pickup slot from the real forms. Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import threading
import time

import requests

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# The checkout asks for a date (the first option is selected) and then a shift window (the first
# open one is checked, as a browser without JavaScript would send it).
DAY_RE = re.compile(r'name="day-(\d+)"[^>]*>\s*<option value="([^"]+)"')
WINDOW_RE = re.compile(r'name="window-(\d+)"[^>]*value="(\d+)"[^>]*\bchecked')
POINT_RE = re.compile(r'name="point-(\d+)">\s*<option value="(\d+)"')
USER_AGENT = "pasar-tkm-bench/1.0"


def _token(html: str) -> str:
    match = TOKEN_RE.search(html)
    if not match:
        raise RuntimeError("no CSRF token in page")
    return match.group(1)


class Buyer(threading.Thread):
    def __init__(self, base: str, email: str, password: str, products: list[int], args, seed):
        super().__init__(daemon=True)
        self.base, self.email, self.password = base, email, password
        self.products, self.args = products, args
        self.rng = random.Random(seed)
        self.http = requests.Session()
        self.http.headers.update({"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"})
        self.login_ms: float | None = None
        self.steps: dict[str, list[float]] = {"add": [], "page": [], "place": [], "order": []}
        self.measured = False
        self.errors: list[str] = []
        self.out_of_stock = 0
        self.ordered: dict[int, int] = {}

    def _call(self, method: str, path: str, expect: tuple[int, ...], **kw) -> requests.Response:
        response = self.http.request(
            method, self.base + path, allow_redirects=False, timeout=30, **kw
        )
        if response.status_code not in expect:
            raise RuntimeError(f"{method} {path}: HTTP {response.status_code}")
        return response

    def login(self) -> None:
        started = time.perf_counter()
        token = _token(self._call("GET", "/akun/masuk", (200,)).text)
        data = {"identifier": self.email, "password": self.password, "csrf_token": token}
        self._call("POST", "/akun/masuk", (302,), data=data)
        self.token = _token(self._call("GET", "/keranjang", (200,)).text)
        self.login_ms = (time.perf_counter() - started) * 1000

    def one_order(self) -> None:
        pid = self.rng.choice(self.products)
        t0 = time.perf_counter()
        data = {"product_id": pid, "quantity": 1, "csrf_token": self.token, "next": "/keranjang"}
        self._call("POST", "/keranjang/tambah", (302,), data=data)
        t1 = time.perf_counter()
        html = self._call("GET", "/checkout", (200,)).text
        t2 = time.perf_counter()
        form = {"csrf_token": self.token, "payment": "cod"}
        for gid, day in DAY_RE.findall(html):
            form[f"day-{gid}"] = day
            form[f"mode-{gid}"] = "pickup"
        for gid, window in WINDOW_RE.findall(html):
            form[f"window-{gid}"] = window
        for gid, point in POINT_RE.findall(html):
            form[f"point-{gid}"] = point
        response = self._call("POST", "/checkout", (302, 409), data=form)
        t3 = time.perf_counter()
        if response.status_code == 409:  # sold out: refused, as it must be
            self.out_of_stock += 1
            self._call(
                "POST",
                f"/keranjang/ubah/{pid}",
                (302,),
                data={"remove": "1", "csrf_token": self.token},
            )
            return
        if "/pesanan/checkout/" not in response.headers.get("Location", ""):
            raise RuntimeError(f"checkout went to {response.headers.get('Location')}")
        if self.measured:
            for key, ms in (
                ("add", t1 - t0),
                ("page", t2 - t1),
                ("place", t3 - t2),
                ("order", t3 - t0),
            ):
                self.steps[key].append(ms * 1000)
            self.ordered[pid] = self.ordered.get(pid, 0) + 1

    def safe_login(self) -> None:
        try:
            self.login()
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            self.errors.append(f"login: {exc}")

    def run(self) -> None:
        if self.login_ms is None:
            return
        while time.time() < self.args.warmup_until:
            self._safe_order()
        self.measured = True
        while time.time() < self.args.until:
            self._safe_order()

    def _safe_order(self) -> None:
        try:
            self.one_order()
        except Exception as exc:  # noqa: BLE001 - counted as an error
            if self.measured:
                self.errors.append(str(exc)[:200])
            time.sleep(0.05)


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 2)
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1], 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--first-buyer", type=int, default=1)
    parser.add_argument("--password", default="demo12345")
    parser.add_argument("--products", required=True, help="comma-separated product ids")
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--duration", type=float, default=10)
    args = parser.parse_args()
    products = [int(p) for p in args.products.split(",")]
    buyers = [
        Buyer(
            args.base,
            f"pembeli{args.first_buyer + k}@bench.pasartkm.id",
            args.password,
            products,
            args,
            seed=k,
        )
        for k in range(args.users)
    ]
    # Log everyone in first (Argon2 is deliberately slow), then run warm-up and measure.
    args.warmup_until = float("inf")
    args.until = float("inf")
    login_start = time.time()
    logins = [threading.Thread(target=b.safe_login, daemon=True) for b in buyers]
    for t in logins:
        t.start()
    for t in logins:
        t.join()
    login_seconds = time.time() - login_start
    args.warmup_until = time.time() + args.warmup
    args.until = args.warmup_until + args.duration
    for b in buyers:
        b.start()
    for b in buyers:
        b.join()
    orders = [ms for b in buyers for ms in b.steps["order"]]
    ordered: dict[int, int] = {}
    for b in buyers:
        for pid, n in b.ordered.items():
            ordered[pid] = ordered.get(pid, 0) + n
    result = {
        "users": args.users,
        "duration_s": args.duration,
        "orders": len(orders),
        "orders_per_s": round(len(orders) / args.duration, 1),
        "requests_per_s": round(3 * len(orders) / args.duration, 1),
        "errors": sum(len(b.errors) for b in buyers),
        "error_samples": [e for b in buyers for e in b.errors][:5],
        "out_of_stock": sum(b.out_of_stock for b in buyers),
        "login_ms_p50": pct([b.login_ms for b in buyers if b.login_ms], 50),
        "login_seconds_all": round(login_seconds, 2),
        "ordered": ordered,
    }
    for key in ("order", "add", "page", "place"):
        values = [ms for b in buyers for ms in b.steps[key]]
        result[key] = {"p50": pct(values, 50), "p95": pct(values, 95), "p99": pct(values, 99)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
