"""The orders pages' forms: small parsers (the checkout form has a field set per group) and the
producer's service settings form (validation only)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, IntegerField
from wtforms.validators import InputRequired, Optional

from marketplace.core.money import RupiahField
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
    """The group ids the checkout form offered a choice for (its `day-<id>` fields, or the
    `slot-<id>` of a client posting date and window as one value)."""
    found = []
    for key in form:
        prefix, _sep, gid = key.partition("-")
        group_id = parse_id(gid) if prefix in ("slot", "day") else None
        if group_id is not None:
            found.append(group_id)
    return sorted(set(found))[:limit]


def form_slot(form, group_id: int) -> tuple[date, int] | None:
    """The chosen (date, window id): the page asks for a date, then a shift window."""
    combined = form.get(f"slot-{group_id}")
    if combined:
        return parse_slot(combined)
    return parse_slot(f"{form.get(f'day-{group_id}')}|{form.get(f'window-{group_id}')}")


def parse_selection(form, group_id: int) -> Selection | None:
    """The checkout form's choice for one group, or None if incomplete."""
    mode = form.get(f"mode-{group_id}")
    slot = form_slot(form, group_id)
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


# --- the producer's service settings ---------------------------------------------------------

NOT_A_NUMBER = _l("Batas pesan dan kuota harus angka.")
BAD_FEE = _l("Ongkos antar harus angka (Rupiah).")


class IdListField(Field):
    """The ids of the checked boxes sharing one name; anything not a whole number is ignored."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = [i for i in map(parse_id, valuelist) if i is not None]


class WholeNumberField(IntegerField):
    """A whole number a database column can hold; empty is None; `message` when not a number."""

    def __init__(self, *args: Any, message: str = NOT_A_NUMBER, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.message = message

    def clean(self, raw: str) -> str:
        return raw.strip()

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = self.clean(valuelist[0] or "") if valuelist else ""
        self.data = to_int(raw) if raw else None
        if raw and self.data is None:
            raise ValueError(self.message)


class ServiceSettingsForm(FlaskForm):
    """Which pickup points and windows a group serves, its delivery zones with their fees, the
    order cutoff and the quota per window; ranges and known ids are the service's rules."""

    points = IdListField()
    windows = IdListField()
    cutoff_minutes = WholeNumberField(validators=[InputRequired(NOT_A_NUMBER)])
    max_orders_per_window = WholeNumberField(validators=[Optional()])

    zone_ids: list[int]

    @classmethod
    def for_zones(cls, zone_ids: Iterable[int], **kwargs: Any) -> ServiceSettingsForm:
        """The form with a `zone-<id>` box and a `fee-<id>` field for each active zone."""
        zone_ids = list(zone_ids)
        fields: dict[str, Any] = {}
        for zone_id in zone_ids:
            fields[f"zone-{zone_id}"] = BooleanField()
            fields[f"fee-{zone_id}"] = RupiahField(message=BAD_FEE)
        form = type(cls.__name__, (cls,), fields)(**kwargs)
        form.zone_ids = zone_ids
        return form

    def validate(self, extra_validators: Any = None) -> bool:
        """Validate; the fee of an unchecked zone is not read, so its mistakes do not count."""
        super().validate(extra_validators)
        for zone_id in self.zone_ids:
            if not self[f"zone-{zone_id}"].data:
                self[f"fee-{zone_id}"].errors = []
        return not self.errors

    def zone_fees(self) -> dict[int, int]:
        """{zone id: fee} of the checked zones (an empty fee is free delivery)."""
        return {
            zone_id: self[f"fee-{zone_id}"].data or 0
            for zone_id in self.zone_ids
            if self[f"zone-{zone_id}"].data
        }

    def first_error(self) -> str | None:
        """The first message to show, or None."""
        for errors in self.errors.values():
            if errors:
                return str(errors[0])
        return None
