"""Demo notification settings: with `make run` (emails as files in instance/mail) Pak Darto's
new orders and Siti's pickups also arrive by email, so the outbox has something to show."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.outbox.models import NotificationChoice

# (account, category, channel): on. Everything else keeps the category's default.
CHOICES = (
    ("darto@demo.pasartkm.id", "order_new", "email"),
    ("darto@demo.pasartkm.id", "cutoff", "email"),
    ("siti@demo.pasartkm.id", "pickup", "email"),
    ("siti@demo.pasartkm.id", "order_update", "email"),
)


def load_notification_choices(session: Session, echo: Callable[[str], None] = print) -> int:
    """Add the demo accounts' channel choices that are missing; return how many were added."""
    added = 0
    for email, category, channel in CHOICES:
        user_id = session.scalar(select(User.id).where(User.email == email))
        if user_id is None or session.get(NotificationChoice, (user_id, category, channel)):
            continue
        session.add(
            NotificationChoice(user_id=user_id, category=category, channel=channel, enabled=True)
        )
        added += 1
    session.flush()
    echo(f"  notifikasi: {added} pilihan saluran")
    return added
