"""Investor-side reads: vetted groups with their computed figures, filters, sorting, watchlist;
a group's documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from marketplace.catalog.models import GroupSector, ProducerGroup
from marketplace.investors import summary
from marketplace.investors.access import visible_groups_stmt
from marketplace.investors.models import GroupDocument, Watch

# band -> (label, lowest 12-month revenue inclusive, highest exclusive or None)
REVENUE_BANDS = {
    "kecil": (_l("Di bawah Rp 50 juta"), 0, 50_000_000),
    "menengah": (_l("Rp 50–250 juta"), 50_000_000, 250_000_000),
    "besar": (_l("Rp 250 juta ke atas"), 250_000_000, None),
}
GROWTH_FILTERS = {"naik": _l("Omzet naik"), "turun": _l("Omzet turun atau tetap")}
SORTS = {"omzet": _l("Omzet"), "pertumbuhan": _l("Pertumbuhan"), "penilaian": _l("Penilaian")}
MAX_COMPARE = 3


@dataclass
class Row:
    group: ProducerGroup
    summary: summary.Summary


def browse(
    session: Session,
    *,
    sector: str = "",
    kecamatan: str = "",
    band: str = "",
    growth: str = "",
    sort: str = "omzet",
    as_of: date | None = None,
) -> list[Row]:
    """Vetted lanjutan groups matching the filters, sorted by the chosen computed figure."""
    stmt = visible_groups_stmt()
    if sector:
        stmt = stmt.where(
            ProducerGroup.id.in_(select(GroupSector.group_id).where(GroupSector.sector == sector))
        )
    if kecamatan:
        stmt = stmt.where(ProducerGroup.kecamatan == kecamatan)
    rows = [Row(g, summary.compute(session, g, as_of)) for g in session.scalars(stmt)]
    if band in REVENUE_BANDS:
        _label, low, high = REVENUE_BANDS[band]
        rows = [
            r
            for r in rows
            if r.summary.revenue >= low and (high is None or r.summary.revenue < high)
        ]
    if growth == "naik":
        rows = [r for r in rows if r.summary.growth is not None and r.summary.growth > 0]
    elif growth == "turun":
        rows = [r for r in rows if r.summary.growth is not None and r.summary.growth <= 0]
    low = Decimal("-1000000")
    keys = {
        "omzet": lambda r: r.summary.revenue,
        "pertumbuhan": lambda r: r.summary.growth if r.summary.growth is not None else low,
        "penilaian": lambda r: r.summary.rating if r.summary.rating is not None else low,
    }
    rows.sort(key=lambda r: r.group.name)
    rows.sort(key=keys.get(sort, keys["omzet"]), reverse=True)
    return rows


def groups_by_slugs(session: Session, slugs: list[str]) -> list[ProducerGroup]:
    """Visible groups among `slugs`, in the order asked (unknown and hidden ones left out)."""
    # Bounded by the number of groups an investor can see; the checkboxes list no more.
    wanted = list(dict.fromkeys(s for s in slugs if s))[:200]
    found = {
        g.slug: g
        for g in session.scalars(visible_groups_stmt().where(ProducerGroup.slug.in_(wanted)))
    }
    return [found[s] for s in wanted if s in found]


def watchlist(session: Session, investor_id: int) -> list[ProducerGroup]:
    """Visible groups on the investor's watchlist."""
    stmt = visible_groups_stmt().join(Watch, Watch.group_id == ProducerGroup.id)
    stmt = stmt.where(Watch.investor_id == investor_id).order_by(ProducerGroup.name)
    return list(session.scalars(stmt))


def is_watched(session: Session, investor_id: int, group_id: int) -> bool:
    """Whether the group is on the investor's watchlist."""
    return session.get(Watch, (investor_id, group_id)) is not None


def toggle_watch(session: Session, investor_id: int, group_id: int) -> bool:
    """Add the group to the watchlist, or remove it; returns whether it is watched now."""
    if is_watched(session, investor_id, group_id):
        session.execute(
            delete(Watch).where(Watch.investor_id == investor_id, Watch.group_id == group_id)
        )
        return False
    session.add(Watch(investor_id=investor_id, group_id=group_id))
    session.flush()
    return True


def group_documents(session: Session, group_id: int) -> list[GroupDocument]:
    """A group's documents, newest first."""
    stmt = (
        select(GroupDocument)
        .where(GroupDocument.group_id == group_id)
        .order_by(GroupDocument.id.desc())
    )
    return list(session.scalars(stmt))
