"""Small parsers for the orders pages' forms (the checkout form has a field set per group)."""

from __future__ import annotations

from datetime import date, time

from marketplace.core.security import MAX_DB_INT, parse_id
from marketplace.orders.checkout import Selection


def to_int(value, default: int | None = None) -> int | None:
    """A whole number a database column can hold, else `default` (never a driver overflow)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if -MAX_DB_INT - 1 <= number <= MAX_DB_INT else default


def parse_quantity(value: str | None, limit: int) -> int | None:
    """A quantity typed by a buyer: plain digits from 0 to `limit`; anything else is None.

    `1e3`, `1.5`, `abc` or a number beyond `limit` are refused (never quietly read as 1).
    """
    raw = value.strip() if isinstance(value, str) else ""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(limit)):
        return None
    number = int(raw)
    return number if number <= limit else None


def to_time(value) -> time | None:
    try:
        hh, mm = str(value).strip().replace(".", ":").split(":")[:2]
        return time(int(hh), int(mm))
    except (TypeError, ValueError):
        return None


def parse_slot(value) -> tuple[date, int] | None:
    """ "2026-12-05|3" -> (date, window id)."""
    try:
        day, raw_window = str(value).split("|", 1)
        window_id = parse_id(raw_window)
        return (date.fromisoformat(day), window_id) if window_id is not None else None
    except (TypeError, ValueError):
        return None


def form_group_ids(form, limit: int = 50) -> list[int]:
    """The group ids the checkout form offered a choice for (its `slot-<id>` fields)."""
    found = []
    for key in form:
        group_id = parse_id(key[5:]) if key.startswith("slot-") else None
        if group_id is not None:
            found.append(group_id)
    return sorted(set(found))[:limit]


def parse_selection(form, group_id: int) -> Selection | None:
    """The checkout form's choice for one group, or None if incomplete."""
    mode = form.get(f"mode-{group_id}")
    slot = parse_slot(form.get(f"slot-{group_id}"))
    if mode not in ("pickup", "delivery") or slot is None:
        return None
    day, window_id = slot
    if mode == "pickup":
        point = parse_id(form.get(f"point-{group_id}"))
        if point is None:
            return None
        return Selection("pickup", day, window_id, pickup_point_id=point)
    zone = parse_id(form.get(f"zone-{group_id}"))
    if zone is None:
        return None
    return Selection(
        "delivery",
        day,
        window_id,
        delivery_zone_id=zone,
        address_note=(form.get(f"note-{group_id}") or "")[:1000],
    )
