"""The person's notification settings page: channels per category, quiet hours, language,
push devices."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.extensions import db
from marketplace.outbox import bp, devices, events, preferences
from marketplace.outbox.forms import SettingsForm, choice_name, hhmm, parse_hhmm


def _channels() -> tuple[list[str], list[str]]:
    """(configured, not configured) channel names, in the page's order."""
    configured = current_app.extensions.get("outbox.channels", {})
    on = [c for c in events.CHANNELS if c in configured]
    return on, [c for c in events.CHANNELS if c not in configured]


def _short_labels() -> dict[str, str]:
    # Column headings narrow enough for a phone; the full names are in the legend.
    return {events.PUSH: _("Ponsel"), events.WHATSAPP: _("WhatsApp"), events.EMAIL: _("Email")}


def _page(form: SettingsForm, categories: list, choices: dict, status: int = 200):
    on, off = _channels()
    push = current_app.extensions.get("outbox.channels", {}).get(events.PUSH)
    user_devices = devices.devices_of(db.session, current_user.id)
    return render_template(
        "outbox/settings.html",
        form=form,
        categories=categories,
        channels=on,
        short_labels=_short_labels(),
        unavailable=off,
        labels=events.CHANNEL_LABELS,
        choices=choices,
        choice_name=choice_name,
        devices=[(d, devices.short_agent(d.user_agent)) for d in user_devices],
        push_key=getattr(push, "application_server_key", ""),
    ), status


@bp.route("/akun/notifikasi", methods=["GET", "POST"])
@login_required
def settings():
    """Show the person's notification settings; save them (422 with messages when wrong)."""
    form = SettingsForm()
    categories = preferences.categories_for(db.session, current_user)
    on, _off = _channels()
    if not form.is_submitted():
        current = preferences.settings_of(db.session, current_user.id)
        form.language.data = current.language
        form.quiet_enabled.data = current.quiet_enabled
        form.quiet_start.data = hhmm(current.quiet_start)
        form.quiet_end.data = hhmm(current.quiet_end)
        choices = preferences.choices_of(db.session, current_user.id, categories, on)
        return _page(form, categories, choices)
    # What the person ticked: unticked boxes are absent from the form, so off.
    chosen = {
        (c.code, ch): bool(request.form.get(choice_name(c.code, ch)))
        for c in categories
        for ch in on
    }
    if not form.validate():
        return _page(form, categories, chosen, 422)
    current = preferences.settings_of(db.session, current_user.id)
    new = preferences.Settings(
        language=form.language.data,
        quiet_enabled=bool(form.quiet_enabled.data),
        # Turned off, the hours may be left as they are (or blank): keep the stored ones.
        quiet_start=parse_hhmm(form.quiet_start.data) or current.quiet_start,
        quiet_end=parse_hhmm(form.quiet_end.data) or current.quiet_end,
    )
    preferences.save(db.session, current_user.id, new, chosen)
    db.session.commit()
    flash(_("Pengaturan notifikasi tersimpan."), "success")
    return redirect(url_for("outbox.settings"), 303)
