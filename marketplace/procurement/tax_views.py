"""The group's tax identity page (producer side): NPWP and PKP status for POs and invoices.

Every member may read it; only the chair may change it (403 otherwise). The group always
comes from the login, so no group ever reaches another's profile.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from marketplace.catalog.access import producer_required
from marketplace.extensions import db
from marketplace.procurement import bp, po_services, tax_profile
from marketplace.procurement.forms import TaxProfileForm


def _page(form: TaxProfileForm, status: int = 200, error: str | None = None):
    return render_template(
        "procurement/group_tax.html",
        group=g.group,
        profile=tax_profile.profile_of(db.session, g.group.id),
        form=form,
        can_edit=tax_profile.may_edit(g.membership),
        ppn_percent=po_services.PPN_PERCENT,
        error=error,
    ), status


@bp.route("/kelompok/pajak", methods=["GET", "POST"])
@producer_required
def group_tax():
    """Show the group's NPWP and PKP status; the chair saves changes (new documents only)."""
    if not tax_profile.may_edit(g.membership) and request.method != "GET":
        abort(403)
    form = TaxProfileForm()
    if not form.is_submitted():
        profile = tax_profile.profile_of(db.session, g.group.id)
        if profile is not None:
            form.npwp.data = profile.npwp or ""
            form.is_pkp.data = "yes" if profile.is_pkp else "no"
        return _page(form)
    if not form.validate():
        return _page(form, 422)
    try:
        tax_profile.save_profile(
            db.session, g.group.id, npwp=form.npwp.data, is_pkp=form.is_pkp.data == "yes"
        )
    except tax_profile.TaxProfileError as exc:
        db.session.rollback()
        return _page(form, 422, str(exc))
    db.session.commit()
    flash(_("Data pajak kelompok tersimpan; berlaku untuk PO dan tagihan baru."), "success")
    return redirect(url_for("procurement.group_tax"), 303)
