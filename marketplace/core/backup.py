"""`flask backup`: a consistent copy of the database while the site keeps running.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`) copies the database page by
page from a read transaction, so the copy is consistent even while requests write (WAL mode
lets them go on). PostgreSQL: `pg_dump --format=custom` takes a consistent snapshot the same
way; the command is run when pg_dump is installed, otherwise printed (docs/deploy.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

PAGES_PER_STEP = 4096  # 16 MB with SQLite's default 4 KB pages


def _target(output: str | None, suffix: str) -> Path:
    if output:
        path = Path(output)
    else:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        path = Path(current_app.instance_path) / "backups" / f"pasar_tkm-{stamp}{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def backup_sqlite(source: str, target: Path, echo=click.echo) -> Path:
    """Copy the SQLite database file `source` to `target` with the online backup API."""
    if target.exists():
        raise click.ClickException(_("%(path)s sudah ada; pilih nama lain.", path=target))
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(source, timeout=30)  # only read: the backup holds a read transaction
    dst = sqlite3.connect(partial)
    try:

        def progress(_status: int, remaining: int, total: int) -> None:
            done = total - remaining
            pct = 100 * done // max(total, 1)
            echo(
                "  " + _("%(done)s/%(total)s halaman (%(pct)s %%)", done=done, total=total, pct=pct)
            )

        src.backup(dst, pages=PAGES_PER_STEP, progress=progress)
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise click.ClickException(_("Salinan rusak: %(check)s", check=check))
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        dst.close()
        src.close()
    partial.rename(target)
    return target


def pg_dump_command(url: sa.URL, target: Path) -> list[str]:
    """The pg_dump call for `url` (the password goes through PGPASSWORD, never argv)."""
    cmd = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
    if url.host:
        cmd.append(f"--host={url.host}")
    if url.port:
        cmd.append(f"--port={url.port}")
    if url.username:
        cmd.append(f"--username={url.username}")
    cmd.append(url.database or "")
    return cmd


@click.command("backup")
@click.option("--output", "-o", help="Berkas tujuan (bawaan: instance/backups/…).")
@with_appcontext
def backup_command(output: str | None) -> None:
    """Salin basis data secara konsisten selagi situs berjalan."""
    url = sa.make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise click.ClickException(_("Basis data SQLite di memori tidak dapat dicadangkan."))
        target = _target(output, ".sqlite3")
        click.echo(_("Mencadangkan %(db)s ke %(path)s …", db=url.database, path=target))
        backup_sqlite(url.database, target)
        size = target.stat().st_size
        click.echo(
            _("Selesai: %(path)s (%(size)s byte, integrity_check ok).", path=target, size=size)
        )
        return
    if backend == "postgresql":
        target = _target(output, ".dump")
        cmd = pg_dump_command(url, target)
        env = {"PGPASSWORD": url.password} if url.password else {}
        if shutil.which("pg_dump") is None:
            click.echo(_("pg_dump tidak terpasang. Jalankan di mesin yang memilikinya:"))
            click.echo("  " + " ".join(cmd))
            return
        click.echo(_("Menjalankan pg_dump ke %(path)s …", path=target))
        subprocess.run(cmd, check=True, env={**os.environ, **env})  # noqa: S603
        click.echo(_("Selesai: %(path)s (%(size)s byte).", path=target, size=target.stat().st_size))
        click.echo(
            _(
                "Pulihkan dengan: pg_restore --clean --no-owner -d <basis data> %(path)s",
                path=target,
            )
        )
        return
    raise click.ClickException(_("Pencadangan untuk %(backend)s belum didukung.", backend=backend))
