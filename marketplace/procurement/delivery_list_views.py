"""The lists of deliveries: the company's receiving list (`/pengadaan/pengiriman`, any staff
role may receive) and the group's (`/pengadaan/kelompok/pengiriman`). Each links to the
delivery's own page (receive and sign the BAST; dispatch)."""

from __future__ import annotations

from flask import g, redirect, render_template, url_for
from flask_login import current_user, login_required

from marketplace.catalog.access import producer_required
from marketplace.extensions import db
from marketplace.procurement import bp, companies, delivery_lists
from marketplace.procurement.po_display import labels


@bp.route("/pengiriman")
@login_required
def company_deliveries():
    """Deliveries that arrived and wait for the BAST, those still coming, the last received."""
    mine = companies.company_for(db.session, current_user)
    if mine is None:
        return redirect(url_for("procurement.register_company"))
    lists = delivery_lists.company_deliveries(db.session, mine.id)
    return render_template(
        "procurement/company_deliveries.html", company=mine, lists=lists, **labels()
    )


@bp.route("/kelompok/pengiriman")
@producer_required
def group_deliveries():
    """The group's deliveries to send, on the road and received lately."""
    lists = delivery_lists.group_deliveries(db.session, g.group.id)
    return render_template(
        "procurement/group_deliveries.html", group=g.group, lists=lists, **labels()
    )
