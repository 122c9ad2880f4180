"""Officer pages for jobs: a group's workforce records and the cohort comparison."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _

from marketplace.catalog import workforce
from marketplace.catalog.constants import CATEGORIES, TIERS
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.workforce_models import workforce_labels
from marketplace.core import ttl_cache
from marketplace.core.regions import KECAMATAN
from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.program import bp, cohort_forms, cohort_sources, cohorts

officer_only = role_required("officer")
_SOURCES = cohort_sources  # imported for its registrations: "bantuan", "pendampingan"


@bp.route("/kelompok/<int:group_id>/tenaga-kerja")
@officer_only
def group_workforce(group_id: int):
    """A group's workforce records as its chair keeps them (read only)."""
    group = db.session.get(ProducerGroup, group_id) or abort(404)
    month = workforce.current_month()
    counted = workforce.jobs_at(db.session, month, [group.id]).get(group.id)
    return render_template(
        "program/group_workforce.html",
        group=group,
        records=workforce.group_records(db.session, group.id),
        month=month,
        jobs=counted or workforce.JobCount(),
        editable=False,
        **workforce_labels(),
    )


def _figures(choice: cohort_forms.CohortChoice):
    """The cohort's groups and figures, kept SUMMARY_CACHE_SECONDS per process."""
    ids = cohorts.select_groups(
        db.session,
        tier=choice.tier or None,
        kecamatan=choice.kecamatan or None,
        sector=choice.sector or None,
        ids=choice.ids,
    )
    if choice.source:
        source = cohorts.cohort_sources[choice.source]
        chosen = set(source.select(db.session, choice.start, choice.end))
        ids = [gid for gid in ids if gid in chosen]
    key = ("cohort", tuple(ids), choice.start, choice.end)
    return ttl_cache.cached(
        key, lambda: cohorts.cohort_figures(db.session, ids, choice.start, choice.end)
    )


@bp.route("/dampak/kohort")
@officer_only
def cohort_page():
    """Compare a cohort's revenue, orders and jobs in a period with the months before it."""
    this_month = workforce.current_month()
    options = {
        "sources": cohorts.cohort_sources,
        "tiers": TIERS,
        "sectors": CATEGORIES,
        "kecamatans": KECAMATAN,
    }
    try:
        choice = cohort_forms.parse(request.args, this_month)
    except cohorts.CohortError as exc:
        page = render_template(
            "program/cohort.html",
            choice=cohort_forms.CohortChoice(),
            error=str(exc),
            figures=None,
            **options,
        )
        return page, 400
    figures = _figures(choice)
    return render_template(
        "program/cohort.html",
        choice=choice,
        error=None,
        figures=figures,
        partial=figures.end == this_month,
        change=cohorts.change_percent,
        no_groups=_("Tidak ada kelompok terverifikasi yang cocok dengan pilihan ini."),
        **options,
    )
