"""A live server on a real port with demo data, and headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from marketplace.extensions import db
from tests.conftest import BACKENDS, create_pg_database, drop_pg_database, make_app

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", "test-artifacts"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser_missing(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER", "") not in ("", "0"):
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1 makes browser tests mandatory)")
    pytest.skip(reason)


@pytest.fixture(scope="session", params=BACKENDS)
def live_server(request, tmp_path_factory) -> Iterator[str]:
    """Serve the real app (CSRF on) with demo data on 127.0.0.1 and a free port, on SQLite
    and again on PostgreSQL when TEST_DATABASE_URL is set (as the `app` fixture does)."""
    tmp = tmp_path_factory.mktemp("live")
    admin = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'live.sqlite3'}"
    else:
        url, admin = create_pg_database(request.getfixturevalue("pg_server_url"))
    app = make_app(url, tmp, WTF_CSRF_ENABLED=True, MIDTRANS_SIMULATOR=True)
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()
    if admin is not None:
        drop_pg_database(admin, url)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright (no browser download)."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        _browser_missing(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_missing("playwright is not installed")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def shot(page, name: str) -> None:
    """Keep a screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
