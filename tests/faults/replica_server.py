"""A real PostgreSQL streaming replica of the test server, for the replica tests.

`pg_basebackup -R` copies the test server into a temporary directory and a second `postgres`
(the distribution's server binaries) runs it as a hot standby on a free port. The server must
accept replication connections from 127.0.0.1 (`.ci/run` adds the pg_hba.conf line).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from tests.conftest import _skip_or_fail


def _bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if found:
        return str(found[-1])
    path = shutil.which(name)
    if not path:
        _skip_or_fail("REQUIRE_POSTGRES", f"PostgreSQL server binary {name} not found")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres() -> dict:
    # The server refuses to run as root; CI runs the suite as root.
    return {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}


class Replica:
    """A hot standby of the server at `primary_url`, started on construction."""

    def __init__(self, primary_url: str) -> None:
        primary = sa.make_url(primary_url)
        self.dir = Path(tempfile.mkdtemp(prefix="pasar-tkm-replica-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.dir.chmod(0o700)
        self.data = self.dir / "data"
        self.port = _free_port()
        backup = subprocess.run(
            [_bin("pg_basebackup"), "-h", primary.host or "127.0.0.1",
             "-p", str(primary.port or 5432), "-U", primary.username or "postgres",
             "-D", str(self.data), "-R", "-X", "stream", "-c", "fast"],
            capture_output=True, text=True, timeout=120, **_as_postgres(),
        )  # fmt: skip
        if backup.returncode != 0:
            shutil.rmtree(self.dir, ignore_errors=True)
            _skip_or_fail("REQUIRE_POSTGRES", f"pg_basebackup failed: {backup.stderr.strip()}")
        # Debian keeps the server's configuration outside the data directory: give the
        # standby its own, listening on 127.0.0.1 and a socket in its directory only.
        (self.data / "postgresql.conf").write_text(
            f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
            f"unix_socket_directories = '{self.dir}'\nhot_standby = on\n"
            "shared_buffers = 32MB\nfsync = off\n"
        )
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        (self.data / "pg_ident.conf").write_text("")
        for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            if os.geteuid() == 0:
                shutil.chown(self.data / name, "postgres", "postgres")
        self.url = primary.set(port=self.port)
        try:
            self.start()
        except subprocess.CalledProcessError:
            log = (self.dir / "log").read_text(errors="replace")[-2000:]
            shutil.rmtree(self.dir, ignore_errors=True)
            raise AssertionError(f"the standby did not start:\n{log}") from None

    def start(self) -> None:
        """Start the standby and wait until it accepts connections."""
        subprocess.run(
            [_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w",
             "-t", "60", "start"],
            check=True, capture_output=True, timeout=90, **_as_postgres(),
        )  # fmt: skip

    def stop(self) -> None:
        """Stop the standby at once (as a crash or a network cut would)."""
        subprocess.run(
            [_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
            capture_output=True, timeout=60, **_as_postgres(),
        )  # fmt: skip

    def database_url(self, primary_db_url: str) -> str:
        """The URL of the same database as `primary_db_url`, on the standby."""
        name = sa.make_url(primary_db_url).database
        return self.url.set(database=name).render_as_string(hide_password=False)

    def wait_for(self, db_url: str, sql: str, value: str, timeout: float = 30.0) -> None:
        """Poll the standby until `sql` (with `:v` bound to `value`) returns a true value."""
        deadline = time.monotonic() + timeout
        engine = sa.create_engine(db_url)
        try:
            while True:
                try:
                    with engine.connect() as conn:
                        if conn.execute(sa.text(sql), {"v": value}).scalar():
                            return
                except sa.exc.OperationalError:
                    pass  # the database itself has not reached the standby yet
                if time.monotonic() > deadline:
                    raise AssertionError(f"standby never showed: {sql}")
                time.sleep(0.1)  # polling interval, not a fixed wait
        finally:
            engine.dispose()

    def execute(self, db_url: str, sql: str) -> None:
        """Run one statement on the standby (e.g. pause or resume WAL replay)."""
        engine = sa.create_engine(db_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(sql))
        engine.dispose()

    def remove(self) -> None:
        """Stop the standby and delete its files."""
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
