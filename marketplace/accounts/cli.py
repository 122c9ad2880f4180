"""`flask officer create`: officers are never created through the web."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from marketplace.accounts import services
from marketplace.extensions import db

officer_cli = AppGroup("officer", help="Kelola akun pendamping (officer).")


@officer_cli.command("create")
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.option("--phone", required=True)
@click.password_option()
def create(name: str, email: str, phone: str, password: str) -> None:
    """Create an officer (pendamping) account."""
    if len(password) < 8:
        raise click.ClickException(_("Kata sandi minimal 8 karakter."))
    try:
        user = services.create_officer(
            db.session, name=name, email=email, phone=phone, password=password
        )
    except services.AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(_("Pendamping dibuat: %(email)s (id %(id)s)", email=user.email, id=user.id))
