"""Real servers for the fault and load tests: gunicorn processes, HTTP buyers, TCP proxy.

The tests in this package drive the app as production runs it: gunicorn with several worker
processes against a fresh database, seeded with the factories in a committed session, with
CSRF on. `requests` sessions fetch their CSRF token from the pages like a browser does.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import requests

from tests.conftest import csrf_token_in, make_app
from tests.waiting import NotReady, free_port, http_ok, wait_until

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SECRET = "faults-test-secret-key-0123456789abcdef"


def seed_app(url: str, tmp: Path, **config):
    """A testing app on `url` to seed with the factories (commit explicitly)."""
    return make_app(url, tmp, **config)


class Gunicorn:
    """One gunicorn master with `workers` sync workers serving wsgi:app on a free port."""

    def __init__(self, database_url: str, tmp: Path, workers: int = 4, **env: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"gunicorn-{self.port}.log"
        environ = dict(os.environ)
        environ.update(
            {
                "APP_ENV": "development",
                "DATABASE_URL": database_url,
                "SECRET_KEY": SECRET,
                "INSTANCE_PATH": str(tmp / "instance"),
                "UPLOAD_FOLDER": str(tmp / "uploads"),
                "MIDTRANS_SIMULATOR": "0",
                "RATELIMIT_STORAGE_URI": "memory://",
                "LOGIN_LIMIT_PER_ADDRESS": "100000 per minute",
                "LOGIN_LIMIT_PER_ACCOUNT": "100000 per minute",
                "ARGON2_TIME_COST": "1",
                "ARGON2_MEMORY_COST": "8192",
                "DB_POOL_SIZE": "2",
                "DB_MAX_OVERFLOW": "2",
            }
        )
        environ.update(env)
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [
                    GUNICORN,
                    "-b",
                    f"127.0.0.1:{self.port}",
                    "-w",
                    str(workers),
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "5",
                    "wsgi:app",
                ],
                cwd=ROOT,
                env=environ,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.wait_ready(workers)

    def wait_ready(self, workers: int, timeout: float = 60) -> None:
        """Poll until /healthz answers and the master has all its workers (or gunicorn died)."""

        def ready() -> bool:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            return http_ok(f"{self.base}/healthz", timeout=2) and len(self.workers()) >= workers

        try:
            wait_until(ready, timeout, what="gunicorn ready", interval=0.2)
        except NotReady:
            raise RuntimeError(f"gunicorn not ready:\n{self.log.read_text()[-3000:]}") from None

    def workers(self) -> list[int]:
        """PIDs of the master's worker processes (from /proc)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.proc.pid:
                pids.append(int(entry.name))
        return pids

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


@contextmanager
def gunicorn(database_url: str, tmp: Path, workers: int = 4, **env: str):
    server = Gunicorn(database_url, tmp, workers, **env)
    try:
        yield server
    finally:
        server.stop()


class Buyer:
    """A logged-in buyer talking HTTP to a server, CSRF token taken from the pages."""

    def __init__(self, base: str, email: str, password: str, timeout: float = 90) -> None:
        self.base = base
        self.timeout = timeout
        self.http = requests.Session()
        token = self.token("/akun/masuk")
        response = self.post(
            "/akun/masuk", {"identifier": email, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, (response.status_code, response.text[:300])
        self.csrf = self.token("/keranjang")  # the session (and its token) is new after login

    def token(self, path: str) -> str:
        page = self.http.get(self.base + path, timeout=self.timeout)
        return csrf_token_in(page.text)

    def post(self, path: str, data: dict) -> requests.Response:
        return self.http.post(
            self.base + path, data=data, timeout=self.timeout, allow_redirects=False
        )

    def add(self, product_id: int, quantity: int = 1) -> requests.Response:
        data = {"product_id": product_id, "quantity": quantity, "csrf_token": self.csrf}
        return self.post("/keranjang/tambah", data)

    def checkout(self, form: dict, payment: str = "cod") -> requests.Response:
        return self.post("/checkout", {**form, "payment": payment, "csrf_token": self.csrf})


def run_threads(worker, n: int, timeout: float = 180) -> list[str]:
    """Run worker(i) for i < n in threads released together; return the errors raised."""
    barrier = threading.Barrier(n)
    errors: list[str] = []

    def wrapped(i):
        try:
            barrier.wait(timeout=60)
            worker(i)
        except Exception as exc:
            errors.append(f"{i}: {exc!r}")

    threads = [threading.Thread(target=wrapped, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(timeout=max(0.1, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), "some requests were never answered"
    return errors


class TcpProxy:
    """A forwarder 127.0.0.1:<port> -> target that can be stopped (refuse + cut) and restarted."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        """Refuse new connections and cut the open ones, like a database that went away."""
        if self._listener is not None:
            with suppress(OSError):  # shutdown wakes the thread blocked in accept()
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            conns, self._conns = self._conns, []
        for s in conns:
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
