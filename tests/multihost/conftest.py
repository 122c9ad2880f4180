"""Two real app servers (gunicorn) sharing one PostgreSQL, one Redis and one S3 bucket.

Nothing is shared between the two processes except those three services: each has its own
upload folder and instance folder, so anything that works across them works across hosts.
With REQUIRE_POSTGRES=1 / REQUIRE_REDIS=1 (CI) a missing service fails instead of skipping.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask_migrate import upgrade
from gunicorn.config import Config as GunicornConfig

from marketplace.extensions import db
from tests.conftest import (
    _skip_or_fail,
    create_pg_database,
    csrf_token_in,
    drop_pg_database,
    make_app,
)
from tests.factories import make_group, make_logistics, make_product, make_service, make_user
from tests.orders.helpers import pickup_form
from tests.s3 import DUMMY_CREDENTIALS, S3Server, moto_s3
from tests.waiting import NotReady, free_port, http_ok, wait_until

ROOT = Path(__file__).resolve().parents[2]
SECRET = "multihost-shared-secret-key-for-tests-only"
STOCK = 20
BUYERS = 30


@pytest.fixture(scope="session")
def redis_url() -> str:
    """TEST_REDIS_URL (default DB 15 on 127.0.0.1); skips, or fails under REQUIRE_REDIS=1."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
        client.close()
    except redis.RedisError as exc:
        _skip_or_fail("REQUIRE_REDIS", f"Redis unreachable at {url}: {exc}")
    return url


def csrf_token(http: requests.Session, url: str) -> str:
    """The CSRF token of the form on the page at `url` (tied to this session's cookie)."""
    page = http.get(url, timeout=30)
    assert page.status_code == 200, (url, page.status_code)
    return csrf_token_in(page.text)


def log_in(http: requests.Session, base: str, email: str, password: str) -> requests.Response:
    """Log in through the real form (CSRF on) on the server at `base`."""
    token = csrf_token(http, f"{base}/akun/masuk")
    data = {"identifier": email, "password": password, "csrf_token": token}
    return http.post(f"{base}/akun/masuk", data=data, allow_redirects=False, timeout=30)


@dataclass
class Server:
    """One gunicorn process of the app."""

    url: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        """The end of the server's log (shown when a test fails)."""
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def stop(self) -> None:
        """Ask gunicorn for a quick shutdown (SIGINT); kill it if it does not stop in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)

    def wait(self) -> None:
        """Wait for the stopped process to exit, killing it after 10 seconds."""
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def stop_all(servers: list[Server]) -> None:
    """Stop every server at once, then wait for each."""
    for server in servers:
        server.stop()
    for server in servers:
        server.wait()


@dataclass
class Cluster:
    """Two app servers and what was seeded for the tests."""

    a: Server
    b: Server
    app: Flask  # an in-process app on the same database, for checking results
    s3: S3Server
    redis_url: str
    key_prefix: str
    data: dict = field(default_factory=dict)


def _start(name: str, env: dict[str, str], tmp: Path) -> Server:
    port = free_port()
    home = tmp / name
    (home / "uploads").mkdir(parents=True)
    log = tmp / f"{name}.log"
    env = env | {"INSTANCE_PATH": str(home), "UPLOAD_FOLDER": str(home / "uploads")}
    command = [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", "2"]
    command += ["--threads", "4", "--preload", "--timeout", "60", "--graceful-timeout", "2"]
    if "control_socket_disable" in GunicornConfig().settings:  # gunicorn >= 25: one per host
        command.append("--no-control-socket")
    command.append("wsgi:app")
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed command
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    return Server(f"http://127.0.0.1:{port}", process, log)


def _wait_healthy(server: Server, timeout: float) -> None:
    def healthy() -> bool:
        if server.process.poll() is not None:
            pytest.fail(f"app server exited early:\n{server.output()}")
        return http_ok(f"{server.url}/healthz")

    try:
        wait_until(healthy, timeout, what=f"{server.url}/healthz", interval=0.2)
    except NotReady:
        pytest.fail(f"app server at {server.url} never became healthy:\n{server.output()}")


def _seed(app: Flask) -> dict:
    """A verified group serving pickups, its product with stock 20, buyers and a second product."""
    with app.app_context():
        logistics = make_logistics(db.session)
        chair = make_user(db.session, name="Pak Darto")
        group = make_group(db.session, chair=chair, name="Konveksi Maju Jaya")
        make_service(db.session, group, logistics)
        rice = make_product(db.session, group, name="Nasi Kotak Gerbang 2", stock=STOCK)
        shirt = make_product(db.session, group, name="Kemeja Batik Rifaiyah", stock=5)
        buyers = [make_user(db.session, name=f"Pekerja {i}") for i in range(BUYERS)]
        data = {
            "chair": chair.email,
            "group_id": group.id,
            "rice_id": rice.id,
            "shirt_id": shirt.id,
            "buyers": [b.email for b in buyers],
            "buyer_names": [b.name for b in buyers],
            "pickup": pickup_form(group, logistics),
        }
        db.session.commit()
        return data


@pytest.fixture(scope="module")
def cluster(pg_server_url, redis_url, tmp_path_factory) -> Iterator[Cluster]:
    """Migrate and seed a fresh PostgreSQL database, start moto S3 and two app servers."""
    tmp = tmp_path_factory.mktemp("multihost")
    url, admin = create_pg_database(pg_server_url)
    app = make_app(url, tmp / "seed")
    servers: list[Server] = []
    try:
        with app.app_context():
            upgrade()
        data = _seed(app)
        with moto_s3() as s3:
            prefix = f"pasar_test_{uuid.uuid4().hex[:8]}"
            env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "APP_"))}
            env |= DUMMY_CREDENTIALS | {
                "APP_ENV": "production",
                "SECRET_KEY": SECRET,
                "DATABASE_URL": url,
                "DB_POOL_SIZE": "4",
                "DB_MAX_OVERFLOW": "2",
                "RATELIMIT_STORAGE_URI": redis_url,
                "RATELIMIT_KEY_PREFIX": prefix,
                "STORAGE_URL": s3.storage_url("multihost"),
                "SESSION_COOKIE_SECURE": "0",
                "MIDTRANS_SIMULATOR": "0",
                "MIDTRANS_SERVER_KEY": "",
                "ARGON2_TIME_COST": "1",  # the seeded hashes' cost: no rehash on login
                "ARGON2_MEMORY_COST": "8192",
            }
            servers = [_start("a", env, tmp), _start("b", env, tmp)]
            for server in servers:  # they boot side by side: the second is up soon after
                _wait_healthy(server, 45)
            yield Cluster(servers[0], servers[1], app, s3, redis_url, prefix, data)
            stop_all(servers)
            _flush_prefix(redis_url, prefix)
    finally:
        stop_all(servers)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop_pg_database(admin, url)


def _flush_prefix(url: str, prefix: str) -> None:
    """Delete only this run's rate-limit keys."""
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=f"*{prefix}*"):
        client.delete(key)
    client.close()
