"""Investor pages: vetted groups, summaries, compare, watchlist, pitches, interest threads."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalog import skills
from marketplace.catalog.constants import CATEGORIES
from marketplace.core import ttl_cache
from marketplace.core.regions import KECAMATAN
from marketplace.extensions import db
from marketplace.investors import bp, charts, documents, interest, pitches, queries, summary
from marketplace.investors.access import investor_required, is_visible, visible_group_or_404
from marketplace.investors.forms import InterestForm, ReplyForm
from marketplace.investors.pitch_models import PUBLISHED, Interest, Pitch, PitchAttachment
from marketplace.investors.summary import FIGURES


def summary_charts(s: summary.Summary) -> tuple:
    """The revenue and orders charts of a summary."""
    loc = str(get_locale() or "id")
    return (
        charts.bar_chart(s.months, "revenue", _("Omzet per bulan (Rp)"), loc),
        charts.bar_chart(s.months, "orders", _("Pesanan selesai per bulan"), loc, "#0d6efd"),
    )


@bp.route("/investor/kelompok")
@investor_required
def browse():
    """Vetted lanjutan groups with filters and sorting."""
    args = request.args
    rows = queries.browse(
        db.session,
        sector=args.get("bidang", "") if args.get("bidang") in CATEGORIES else "",
        kecamatan=args.get("kecamatan", "") if args.get("kecamatan") in KECAMATAN else "",
        band=args.get("omzet", ""),
        growth=args.get("tumbuh", ""),
        sort=args.get("urut", "omzet"),
    )
    return render_template(
        "investors/browse.html",
        rows=rows,
        args=args,
        kecamatan=KECAMATAN,
        bands=queries.REVENUE_BANDS,
        growths=queries.GROWTH_FILTERS,
        sorts=queries.SORTS,
    )


@bp.route("/investor/kelompok/<slug>")
@investor_required
def group_summary(slug: str):
    """One vetted group's performance summary, charts and published pitches."""
    group = visible_group_or_404(db.session, slug)
    s = ttl_cache.cached(
        ("summary", group.id, summary.wib_today()), lambda: summary.compute(db.session, group)
    )
    revenue_chart, orders_chart = charts.summary_charts(s)
    group_pitches = [
        p for p in pitches.group_pitches(db.session, group.id) if p.status == PUBLISHED
    ]
    return render_template(
        "investors/group.html",
        group=group,
        s=s,
        figures=FIGURES,
        revenue_chart=revenue_chart,
        orders_chart=orders_chart,
        pitches=group_pitches,
        watched=queries.is_watched(db.session, current_user.id, group.id),
        certificates=skills.verified_counts(db.session, group.id, summary.wib_today()),
    )


@bp.route("/investor/bandingkan")
@investor_required
def compare():
    """Up to three groups side by side (?g=slug&g=slug); more are named, not silently dropped."""
    chosen = queries.groups_by_slugs(db.session, request.args.getlist("g"))
    shown, left_out = chosen[: queries.MAX_COMPARE], chosen[queries.MAX_COMPARE :]
    columns = [(g, summary.compute(db.session, g)) for g in shown]
    return render_template(
        "investors/compare.html",
        columns=columns,
        chosen={g.slug for g in chosen},
        left_out=left_out,
        limit=queries.MAX_COMPARE,
        figures=FIGURES,
        options=queries.browse(db.session),
    )


@bp.route("/investor/pantauan")
@investor_required
def watchlist():
    """The investor's watchlist."""
    groups = queries.watchlist(db.session, current_user.id)
    rows = [queries.Row(g, summary.compute(db.session, g)) for g in groups]
    return render_template("investors/watchlist.html", rows=rows)


@bp.route("/investor/pantauan/<slug>", methods=["POST"])
@investor_required
def toggle_watch(slug: str):
    """Add a group to the watchlist or remove it."""
    group = visible_group_or_404(db.session, slug)
    watched = queries.toggle_watch(db.session, current_user.id, group.id)
    db.session.commit()
    flash(_("Ditambahkan ke pantauan.") if watched else _("Dihapus dari pantauan."), "success")
    return redirect(url_for("investors.group_summary", slug=slug))


@bp.route("/investor/proposal")
@investor_required
def pitch_list():
    """Published pitches of vetted groups."""
    return render_template("investors/pitches.html", pitches=pitches.published_visible(db.session))


def _visible_pitch(pitch_id: int) -> Pitch:
    pitch = db.session.get(Pitch, pitch_id)
    if pitch is None or pitch.status not in (PUBLISHED, "closed"):
        abort(404)
    if not is_visible(db.session, pitch.group):
        abort(404)
    return pitch


@bp.route("/investor/proposal/<int:pitch_id>", methods=["GET", "POST"])
@investor_required
def pitch_detail(pitch_id: int):
    """A published pitch: frozen figures beside live ones, and the interest form."""
    pitch = _visible_pitch(pitch_id)
    form = InterestForm()
    if form.validate_on_submit():
        try:
            item = interest.express(
                db.session, current_user, pitch, form.amount.data, form.message.data
            )
        except interest.InterestError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(_("Minat Anda terkirim ke kelompok dan pendampingnya."), "success")
            return redirect(url_for("investors.investor_thread", interest_id=item.id))
    live = summary.compute(db.session, pitch.group)
    mine = [i for i in interest.for_investor(db.session, current_user.id) if i.pitch_id == pitch.id]
    return render_template(
        "investors/pitch.html",
        pitch=pitch,
        frozen=pitches.frozen_summary(pitch),
        live=live,
        figures=FIGURES,
        form=form,
        mine=mine[0] if mine else None,
    ), (422 if form.errors else 200)


@bp.route("/investor/proposal/<int:pitch_id>/lampiran/<int:attachment_id>")
@investor_required
def pitch_attachment(pitch_id: int, attachment_id: int):
    """Download a published pitch's attachment."""
    pitch = _visible_pitch(pitch_id)
    item = db.session.get(PitchAttachment, attachment_id)
    if item is None or item.pitch_id != pitch.id:
        abort(404)
    return documents.send(item.storage_key, item.content_type, item.original_name)


@bp.route("/investor/minat")
@investor_required
def my_interests():
    """The investor's expressions of interest and their status."""
    return render_template(
        "investors/interests.html", items=interest.for_investor(db.session, current_user.id)
    )


@bp.route("/investor/minat/<int:interest_id>", methods=["GET", "POST"])
@investor_required
def investor_thread(interest_id: int):
    """The conversation with a group about one pitch."""
    item = db.session.get(Interest, interest_id)
    if item is None or item.investor_id != current_user.id:
        abort(404)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            interest.reply(db.session, item, current_user, form.body.data, from_group=False)
        except interest.InterestError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(_("Balasan terkirim ke kelompok."), "success")
            return redirect(url_for("investors.investor_thread", interest_id=item.id))
    return render_template("investors/thread.html", item=item, form=form, side="investor")
