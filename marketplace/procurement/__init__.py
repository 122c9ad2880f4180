"""Procurement: companies buying from TKM groups in bulk (requests for quotation, quotes,
purchase orders, deliveries with a BAST, invoices, recurring catering).

The views add their routes to `bp` when the factory imports them (they import this module for
`bp`, so this module does not import them back).
"""

from __future__ import annotations

from flask import Blueprint
from flask_login import user_logged_in

from marketplace.catalog import hooks as catalog_hooks
from marketplace.outbox import events as outbox_events
from marketplace.procurement import companies, quote_services, rfq_forms
from marketplace.procurement.npwp import format_npwp

bp = Blueprint("procurement", __name__, url_prefix="/pengadaan")

user_logged_in.connect(companies.remember_staff_at_login)
bp.add_app_template_filter(format_npwp, "npwp")
bp.add_app_template_global(companies.role_label, "company_role_label")
bp.add_app_template_global(companies.status_label, "company_status_label")
bp.add_app_template_global(rfq_forms.unit_label, "rfq_unit_label")
bp.add_app_template_global(rfq_forms.logo_label, "rfq_logo_label")
bp.add_app_template_global(rfq_forms.day_label, "rfq_day_label")
bp.add_app_template_global(rfq_forms.status_label, "procurement_status_label")
catalog_hooks.on_work_page(quote_services.work_panel)
outbox_events.register_audience(companies.notification_audience)
