"""Who may see what on the investor side."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import INVESTOR_APPROVED, ROLE_INVESTOR
from marketplace.catalog.constants import STATUS_VERIFIED, TIER_LANJUTAN
from marketplace.catalog.models import ProducerGroup
from marketplace.investors.models import GroupVetting


def investor_required(view: Callable) -> Callable:
    """Only approved investors; others get 403 with an explanation in Indonesian."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user.role != ROLE_INVESTOR:
            abort(403)
        if current_user.investor_status != INVESTOR_APPROVED:
            message = _(
                "Akun investor Anda belum disetujui pendamping. Halaman investor terbuka "
                "setelah akun disetujui."
            )
            return render_template(
                "errors/error.html", code=403, title=_("Menunggu persetujuan"), message=message
            ), 403
        return view(*args, **kwargs)

    return wrapped


def visible_groups_stmt():
    """Groups investors may see: verified, lanjutan and vetted."""
    return (
        select(ProducerGroup)
        .join(GroupVetting, GroupVetting.group_id == ProducerGroup.id)
        .where(
            GroupVetting.is_vetted.is_(True),
            ProducerGroup.tier == TIER_LANJUTAN,
            ProducerGroup.status == STATUS_VERIFIED,
        )
    )


def is_visible(session: Session, group: ProducerGroup) -> bool:
    """Whether investors may see this group."""
    if group.tier != TIER_LANJUTAN or group.status != STATUS_VERIFIED:
        return False
    vetting = session.get(GroupVetting, group.id)
    return vetting is not None and vetting.is_vetted


def visible_group_or_404(session: Session, slug: str) -> ProducerGroup:
    """The vetted lanjutan group with this slug, or 404 (investors never learn others exist)."""
    group = session.scalars(visible_groups_stmt().where(ProducerGroup.slug == slug)).first()
    if group is None:
        abort(404)
    return group
