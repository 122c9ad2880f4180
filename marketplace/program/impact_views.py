"""Officer pages for the program's impact: the dashboard and its tables as CSV."""

from __future__ import annotations

from flask import Response, abort, render_template
from flask_babel import get_locale

from marketplace.core import ttl_cache
from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.investors import summary
from marketplace.program import bp, impact, impact_deals

officer_only = role_required("officer")


@bp.route("/dampak")
@officer_only
def impact_dashboard():
    """The program's impact: groups, jobs, revenue, promotions, candidate best groups."""
    board = _dashboard()
    return render_template("program/impact.html", tables=board.tables, jobs=board.jobs)


def _dashboard() -> impact.Dashboard:
    """The dashboard's tables and jobs, kept SUMMARY_CACHE_SECONDS per process and language."""
    key = ("impact", str(get_locale()), summary.wib_today())

    def build() -> impact.Dashboard:
        board = impact.dashboard(db.session)
        board.tables = board.tables + impact_deals.tables(db.session)  # funds, jobs promised
        return board

    return ttl_cache.cached(key, build)


def _impact_tables():
    return _dashboard().tables


@bp.route("/dampak/<key>.csv")
@officer_only
def impact_csv(key: str):
    """One impact table as CSV."""
    table = next((t for t in _impact_tables() if t.key == key), None)
    if table is None:
        abort(404)
    return Response(
        "\ufeff" + impact.to_csv(table),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="dampak-{key}.csv"'},
    )
