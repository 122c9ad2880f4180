"""Demo pickup points, shift windows, delivery zones and each verified group's service."""

from __future__ import annotations

from datetime import time

import click
from sqlalchemy import select

from marketplace.catalog.constants import STATUS_VERIFIED
from marketplace.catalog.models import ProducerGroup
from marketplace.orders import logistics
from marketplace.orders.models import DeliveryZone, GroupServiceSettings, PickupPoint, ShiftWindow

POINTS = [
    ("Gerbang 1 KITB", "Pos satpam gerbang utama"),
    ("Gerbang 2 KITB", "Depan pos jaga, sisi timur"),
    ("Halte Bus KITB", "Halte bus karyawan di jalan utama kawasan"),
    ("Mess Blok A", "Lobi mess karyawan blok A"),
]
WINDOWS = [
    ("pagi", time(6, 0), time(7, 30)),
    ("siang", time(11, 45), time(12, 45)),
    ("malam", time(18, 0), time(19, 30)),
]
ZONES = ["Mess Karyawan Blok A–D", "Kos Plelen", "Kos Sentul"]
ZONE_FEES = [3000, 5000, 6000]


def load_logistics(session) -> int:
    """Create what is missing (idempotent); return how many groups got service settings."""
    for name, description in POINTS:
        if session.scalar(select(PickupPoint.id).where(PickupPoint.name == name)) is None:
            session.add(PickupPoint(name=name, description=description))
    for code, start, end in WINDOWS:
        if session.scalar(select(ShiftWindow.id).where(ShiftWindow.code == code)) is None:
            session.add(ShiftWindow(code=code, start_time=start, end_time=end))
    for name in ZONES:
        if session.scalar(select(DeliveryZone.id).where(DeliveryZone.name == name)) is None:
            session.add(DeliveryZone(name=name))
    session.flush()
    points = logistics.all_points(session, active_only=True)
    windows = logistics.all_windows(session, active_only=True)
    zones = [z for z in logistics.all_zones(session, active_only=True) if z.name in ZONES]
    created = 0
    groups = session.scalars(
        select(ProducerGroup)
        .where(ProducerGroup.status == STATUS_VERIFIED)
        .order_by(ProducerGroup.id)
    ).all()
    for group in groups:
        if session.get(GroupServiceSettings, group.id) is not None:
            continue
        logistics.save_group_service(
            session,
            group.id,
            point_ids=[p.id for p in points],
            window_ids=[w.id for w in windows],
            zone_fees={z.id: ZONE_FEES[ZONES.index(z.name)] for z in zones},
            cutoff_minutes=60 if "makanan-minuman" in group.sectors else 120,
            max_orders_per_window=30,
        )
        created += 1
    click.echo(f"  titik ambil dan layanan: {created} kelompok baru")
    return created
