"""Pickup points, shift windows, delivery zones, and which slots are still open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from marketplace.core import ttl_cache
from marketplace.core.formatting import clock, long_date
from marketplace.core.timeutil import WIB, utcnow
from marketplace.orders import states
from marketplace.orders.models import (
    WINDOW_CODES,
    DeliveryZone,
    GroupCapacity,
    GroupDeliveryZone,
    GroupPickupPoint,
    GroupServiceSettings,
    GroupWindow,
    Order,
    PickupPoint,
    ShiftWindow,
)

BOOKING_DAYS = 7  # how many days ahead a buyer may choose
WINDOW_LABELS = {"pagi": "Pagi", "siang": "Siang", "malam": "Malam"}


class SettingsError(ValueError):
    """Invalid pickup/delivery settings; the message is shown to the user."""


@dataclass
class GroupService:
    """What a group offers at checkout."""

    settings: GroupServiceSettings | None
    points: list[PickupPoint]
    windows: list[ShiftWindow]
    zones: list[GroupDeliveryZone]

    @property
    def usable(self) -> bool:
        return self.settings is not None and bool(self.windows) and bool(self.points or self.zones)


@dataclass
class Slot:
    day: date
    window: ShiftWindow
    remaining: int | None  # None: no limit

    @property
    def key(self) -> str:
        return f"{self.day.isoformat()}|{self.window.id}"


def now_wib(now: datetime | None = None) -> datetime:
    """`now` (naive UTC, default the current time) as an aware WIB datetime."""
    now = now or utcnow()
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(WIB)


def window_start(day: date, window: ShiftWindow) -> datetime:
    return datetime.combine(day, window.start_time, tzinfo=WIB)


def window_label(window: ShiftWindow) -> str:
    """`Pagi 06.00–08.00 WIB`: a shift window with its hours, always in WIB."""
    return f"{_(WINDOW_LABELS.get(window.code, window.code))} {window.span}"


# --- officer: shared lists --------------------------------------------------------------


def all_points(session: Session, active_only: bool = False) -> list[PickupPoint]:
    stmt = select(PickupPoint).order_by(PickupPoint.name)
    if active_only:
        stmt = stmt.where(PickupPoint.is_active.is_(True))
    return list(session.scalars(stmt))


def all_windows(session: Session, active_only: bool = False) -> list[ShiftWindow]:
    stmt = select(ShiftWindow).order_by(ShiftWindow.start_time)
    if active_only:
        stmt = stmt.where(ShiftWindow.is_active.is_(True))
    return list(session.scalars(stmt))


def all_zones(session: Session, active_only: bool = False) -> list[DeliveryZone]:
    stmt = select(DeliveryZone).order_by(DeliveryZone.name)
    if active_only:
        stmt = stmt.where(DeliveryZone.is_active.is_(True))
    return list(session.scalars(stmt))


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not 3 <= len(name) <= 120:
        raise SettingsError(_("Nama harus 3 sampai 120 karakter."))
    return name


def add_point(session: Session, name: str, description: str = "") -> PickupPoint:
    name = _clean_name(name)
    if session.scalar(select(PickupPoint.id).where(func.lower(PickupPoint.name) == name.lower())):
        raise SettingsError(_("Titik ambil %(name)s sudah ada.", name=name))
    point = PickupPoint(name=name, description=(description or "").strip()[:255])
    session.add(point)
    session.flush()
    return point


def add_zone(session: Session, name: str) -> DeliveryZone:
    name = _clean_name(name)
    if session.scalar(select(DeliveryZone.id).where(func.lower(DeliveryZone.name) == name.lower())):
        raise SettingsError(_("Zona antar %(name)s sudah ada.", name=name))
    zone = DeliveryZone(name=name)
    session.add(zone)
    session.flush()
    return zone


def set_active(session: Session, item: PickupPoint | DeliveryZone, active: bool) -> None:
    """Switch a pickup point or delivery zone on or off (kept for past orders, never deleted)."""
    item.is_active = active
    session.flush()


def check_window(code: str, start: time, end: time) -> None:
    """Refuse an unknown shift or a window that ends before it starts."""
    if code not in WINDOW_CODES:
        raise SettingsError(_("Shift tidak dikenal."))
    if start >= end:
        raise SettingsError(_("Jam mulai harus sebelum jam selesai."))


def set_window(session: Session, code: str, start: time, end: time, active: bool) -> ShiftWindow:
    """Create or change a shift window (orders keep the times they agreed at checkout)."""
    check_window(code, start, end)
    window = session.scalar(select(ShiftWindow).where(ShiftWindow.code == code))
    if window is None:
        window = ShiftWindow(code=code, start_time=start, end_time=end, is_active=active)
        session.add(window)
    else:
        window.start_time, window.end_time, window.is_active = start, end, active
    session.flush()
    return window


# --- a group's service ------------------------------------------------------------------


def group_service(session: Session, group_id: int, active_only: bool = True) -> GroupService:
    settings = session.get(GroupServiceSettings, group_id)
    points = [
        gp.pickup_point
        for gp in session.scalars(
            select(GroupPickupPoint).where(GroupPickupPoint.group_id == group_id)
        )
        if gp.pickup_point.is_active or not active_only
    ]
    windows = [
        gw.window
        for gw in session.scalars(select(GroupWindow).where(GroupWindow.group_id == group_id))
        if gw.window.is_active or not active_only
    ]
    zones = [
        gz
        for gz in session.scalars(
            select(GroupDeliveryZone).where(GroupDeliveryZone.group_id == group_id)
        )
        if gz.zone.is_active or not active_only
    ]
    points.sort(key=lambda p: p.name)
    windows.sort(key=lambda w: w.start_time)
    zones.sort(key=lambda z: z.zone.name)
    return GroupService(settings, points, windows, zones)


def checkout_service(session: Session, group_id: int) -> GroupService:
    """The group's active options for the checkout page, from a copy at most
    CHECKOUT_OPTIONS_CACHE_SECONDS old (per process).

    Only the page uses the copy: placing the order reads and checks every choice in the
    database (checkout._check_selection), so an option closed in the meantime is refused
    there with its reason, never ordered. The copy's rows are detached from the session.
    """

    def load() -> GroupService:
        service = group_service(session, group_id)
        rows = [service.settings, *service.points, *service.windows]
        for gz in service.zones:
            rows += [gz, gz.zone]
        for row in rows:
            if row is not None and row in session:
                session.expunge(row)
        return service

    return ttl_cache.cached(("checkout_service", group_id), load, "CHECKOUT_OPTIONS_CACHE_SECONDS")


def save_group_service(
    session: Session,
    group_id: int,
    *,
    point_ids: list[int],
    window_ids: list[int],
    zone_fees: dict[int, int],
    cutoff_minutes: int,
    max_orders_per_window: int | None,
) -> GroupServiceSettings:
    """Replace a group's served points, windows and zones (flush, no commit)."""
    if not 0 <= cutoff_minutes <= 10080:
        raise SettingsError(_("Batas pesan harus 0 sampai 10080 menit."))
    if max_orders_per_window is not None and not 1 <= max_orders_per_window <= 10000:
        raise SettingsError(_("Kuota pesanan per jam ambil harus 1 sampai 10000."))
    known_points = {p.id for p in all_points(session, active_only=True)}
    known_windows = {w.id for w in all_windows(session, active_only=True)}
    known_zones = {z.id for z in all_zones(session, active_only=True)}
    if not set(point_ids) <= known_points or not set(window_ids) <= known_windows:
        raise SettingsError(_("Pilihan titik ambil atau jam ambil tidak dikenal."))
    if not set(zone_fees) <= known_zones:
        raise SettingsError(_("Zona antar tidak dikenal."))
    for fee in zone_fees.values():
        if not 0 <= fee <= 1_000_000:
            raise SettingsError(_("Ongkos antar harus Rp 0 sampai Rp 1.000.000."))
    settings = session.get(GroupServiceSettings, group_id)
    if settings is None:
        # Capacities may be declared before the first save: the flag starts in step with them.
        declared = session.scalar(
            select(GroupCapacity.id).where(GroupCapacity.group_id == group_id).limit(1)
        )
        settings = GroupServiceSettings(group_id=group_id, has_unit_capacity=declared is not None)
        session.add(settings)
    settings.cutoff_minutes = cutoff_minutes
    settings.max_orders_per_window = max_orders_per_window
    session.execute(delete(GroupPickupPoint).where(GroupPickupPoint.group_id == group_id))
    session.execute(delete(GroupWindow).where(GroupWindow.group_id == group_id))
    session.execute(delete(GroupDeliveryZone).where(GroupDeliveryZone.group_id == group_id))
    for pid in sorted(set(point_ids)):
        session.add(GroupPickupPoint(group_id=group_id, pickup_point_id=pid))
    for wid in sorted(set(window_ids)):
        session.add(GroupWindow(group_id=group_id, window_id=wid))
    for zid, fee in sorted(zone_fees.items()):
        session.add(GroupDeliveryZone(group_id=group_id, zone_id=zid, fee=fee))
    session.flush()
    return settings


# --- slots --------------------------------------------------------------------------------


def orders_in_slot(session: Session, group_id: int, day: date, window_id: int) -> int:
    return session.scalar(
        select(func.count(Order.id)).where(
            Order.group_id == group_id,
            Order.pickup_date == day,
            Order.window_id == window_id,
            Order.status.in_(states.ACTIVE),
        )
    )


def slot_problem(
    session: Session,
    group_id: int,
    settings: GroupServiceSettings,
    day: date,
    window: ShiftWindow,
    earliest: date,
    now: datetime | None = None,
    *,
    check_capacity: bool = True,
) -> str | None:
    """Why a slot cannot be chosen (None when it is open): cutoff passed, full, too early."""
    today = now_wib(now).date()
    if day < earliest:
        return _("Pesanan ini paling cepat untuk tanggal %(d)s.", d=long_date(earliest))
    if day > max(today, earliest) + timedelta(days=BOOKING_DAYS):
        return _("Tanggal terlalu jauh; pilih dalam %(n)s hari ke depan.", n=BOOKING_DAYS)
    cutoff = window_start(day, window) - timedelta(minutes=settings.cutoff_minutes)
    if now_wib(now) >= cutoff:
        return _(
            "Jam ambil %(w)s tanggal %(d)s sudah ditutup (batas pesan %(c)s WIB).",
            w=window_label(window),
            d=long_date(day),
            c=f"{long_date(cutoff.date())} {clock(cutoff.time())}",
        )
    if check_capacity and settings.max_orders_per_window is not None:
        taken = orders_in_slot(session, group_id, day, window.id)
        if taken >= settings.max_orders_per_window:
            return _(
                "Jam ambil %(w)s tanggal %(d)s sudah penuh.",
                w=window_label(window),
                d=long_date(day),
            )
    return None


def _taken_by_slot(
    session: Session, group_id: int, first: date, last: date
) -> dict[tuple[date, int], int]:
    rows = session.execute(
        select(Order.pickup_date, Order.window_id, func.count(Order.id))
        .where(
            Order.group_id == group_id,
            Order.pickup_date.between(first, last),
            Order.status.in_(states.ACTIVE),
        )
        .group_by(Order.pickup_date, Order.window_id)
    )
    return {(day, window_id): n for day, window_id, n in rows}


def open_slots(
    session: Session,
    group_id: int,
    service: GroupService,
    earliest: date,
    now: datetime | None = None,
) -> list[Slot]:
    """Every (date, window) the buyer may still choose for this group, soonest first.

    One query counts the orders of every slot in the booking range (when the group limits
    them), instead of one count per slot.
    """
    if not service.usable:
        return []
    settings = service.settings
    limit = settings.max_orders_per_window
    start = max(now_wib(now).date(), earliest)
    days = [start + timedelta(days=offset) for offset in range(BOOKING_DAYS + 1)]
    taken = _taken_by_slot(session, group_id, days[0], days[-1]) if limit is not None else {}
    slots = []
    for day in days:
        for window in service.windows:
            # Capacity is checked here from `taken`; slot_problem checks the calendar rules.
            problem = slot_problem(
                session, group_id, settings, day, window, earliest, now, check_capacity=False
            )
            if problem is not None:
                continue
            remaining = None
            if limit is not None:
                remaining = limit - taken.get((day, window.id), 0)
                if remaining <= 0:
                    continue
            slots.append(Slot(day, window, remaining))
    return slots


@dataclass
class SlotChoice:
    """A group's open slots as the checkout asks for them: a date, then a shift window."""

    days: list[date]
    windows: list[ShiftWindow]
    open: dict[int, dict[date, int | None]]  # window id -> {open day: remaining or None}

    def open_on(self, window: ShiftWindow) -> str:
        """`2026-12-01:4 2026-12-02:` (day:remaining, empty for no limit), for the page's script."""
        days = self.open.get(window.id, {})
        return " ".join(
            f"{d.isoformat()}:{'' if n is None else n}" for d, n in sorted(days.items())
        )

    def first_window(self, day: date | None) -> int | None:
        """The first window still open on `day`."""
        for window in self.windows:
            if day in self.open.get(window.id, {}):
                return window.id
        return None


def slot_choice(slots: list[Slot], service: GroupService) -> SlotChoice:
    """Split open slots into the dates to offer and, per window, the dates it is open."""
    open_: dict[int, dict[date, int | None]] = {}
    for slot in slots:
        open_.setdefault(slot.window.id, {})[slot.day] = slot.remaining
    days = sorted({slot.day for slot in slots})
    windows = [w for w in service.windows if w.id in open_]
    return SlotChoice(days, windows, open_)


def earliest_date(products, now: datetime | None = None) -> date:
    """The first day a group's part of the cart can be ready: pre-orders need lead time."""
    today = now_wib(now).date()
    lead = max((p.lead_time_days for p in products if p.is_preorder), default=0)
    return today + timedelta(days=lead)
