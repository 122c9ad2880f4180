"""The orders feature's panels on the group's work page: new orders first, then today's and
tomorrow's pickups (registered with the catalog's work page hook in orders/__init__)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from marketplace.catalog.hooks import WorkPanel
from marketplace.catalog.models import ProducerGroup
from marketplace.orders import queries
from marketplace.orders.logistics import now_wib


def work_panels(session: Session, group: ProducerGroup) -> list[WorkPanel]:
    """New orders to accept (with the counts of what needs doing) and the pickups per window
    for today and tomorrow; four queries whatever the number of orders."""
    today = now_wib().date()
    tomorrow = today + timedelta(days=1)
    pickups = queries.pickups_by_window(session, group.id, [today, tomorrow])
    return [
        {
            "template": "orders/_work_new.html",
            "rank": 10,
            "counts": queries.action_counts(session, group.id, today),
            "orders": queries.newest_to_accept(session, group.id),
            "today": today,
        },
        {
            "template": "orders/_work_pickups.html",
            "rank": 20,
            "days": [(day, [p for p in pickups if p["day"] == day]) for day in (today, tomorrow)],
            "today": today,
        },
    ]
