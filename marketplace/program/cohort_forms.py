"""The cohort page's choices, read from its GET query (validation only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from marketplace.catalog.constants import CATEGORIES, TIERS
from marketplace.catalog.workforce import WorkforceError, parse_month
from marketplace.core.regions import KECAMATAN
from marketplace.investors.summary import add_months
from marketplace.program.cohorts import MAX_MONTHS, CohortError, cohort_sources, months_between

DEFAULT_MONTHS = 6
_IDS = re.compile(r"^[\d\s,;]*$")


@dataclass
class CohortChoice:
    source: str = ""
    tier: str = ""
    kecamatan: str = ""
    sector: str = ""
    ids_text: str = ""
    start: date | None = None
    end: date | None = None

    @property
    def ids(self) -> list[int] | None:
        found = [int(x) for x in re.findall(r"\d+", self.ids_text)]
        return found or None


def parse(args: MultiDict, this_month: date) -> CohortChoice:
    """The choices in `args`; defaults: the six full months before this one, every group."""
    default_end = add_months(this_month, -1)
    choice = CohortChoice(
        source=args.get("sumber", "").strip(),
        tier=args.get("tingkat", "").strip(),
        kecamatan=args.get("kecamatan", "").strip(),
        sector=args.get("bidang", "").strip(),
        ids_text=args.get("kelompok", "").strip()[:2000],
    )
    try:
        choice.start = parse_month(args.get("mulai")) or add_months(default_end, 1 - DEFAULT_MONTHS)
        choice.end = parse_month(args.get("sampai")) or default_end
    except WorkforceError as exc:
        raise CohortError(str(exc)) from exc
    if choice.source and choice.source not in cohort_sources:
        raise CohortError(_("Sumber kohort tidak dikenal."))
    if choice.tier and choice.tier not in TIERS:
        raise CohortError(_("Tingkat tidak dikenal."))
    if choice.kecamatan and choice.kecamatan not in KECAMATAN:
        raise CohortError(_("Kecamatan tidak dikenal."))
    if choice.sector and choice.sector not in CATEGORIES:
        raise CohortError(_("Bidang usaha tidak dikenal."))
    if not _IDS.match(choice.ids_text):
        raise CohortError(_("Nomor kelompok: tulis angka dipisah koma, misalnya 12, 15, 18."))
    if choice.end < choice.start:
        raise CohortError(_("Bulan akhir periode tidak boleh sebelum bulan awal."))
    if choice.end > this_month:
        raise CohortError(_("Periode tidak boleh melewati bulan ini."))
    if months_between(choice.start, choice.end) > MAX_MONTHS:
        raise CohortError(_("Periode paling panjang %(n)s bulan.", n=MAX_MONTHS))
    return choice
