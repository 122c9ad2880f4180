"""A group's tax identity (`GroupTaxProfile`): its NPWP and whether it is PKP.

The chair keeps it up to date on `/pengadaan/kelompok/pajak`. It is read when a document is
made: a PO computes its PPN at award time (`award._make_po`) and an invoice copies the
seller's NPWP and PKP status when it is issued (`invoicing._issue`), so a change here only
applies to POs and invoices made afterwards; history is never rewritten.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.catalog.constants import MEMBER_CHAIR
from marketplace.core.timeutil import utcnow
from marketplace.procurement.billing_models import GroupTaxProfile
from marketplace.procurement.npwp import normalize_npwp


class TaxProfileError(Exception):
    """Refused for a reason the chair can fix; the message is for them."""


def profile_of(session: Session, group_id: int) -> GroupTaxProfile | None:
    """The group's tax profile, None when it never entered one (not PKP, no NPWP)."""
    return session.get(GroupTaxProfile, group_id)


def may_edit(membership) -> bool:
    """Only the group's chair (ketua) changes its tax identity; members may read it."""
    return membership is not None and membership.role == MEMBER_CHAIR


def save_profile(
    session: Session, group_id: int, *, npwp: str | None, is_pkp: bool
) -> GroupTaxProfile:
    """Store the group's NPWP (15 or 16 digits, or empty) and PKP status.

    A PKP group charges PPN, which needs an NPWP on every invoice: PKP without NPWP is refused.
    """
    text = (npwp or "").strip()
    digits = normalize_npwp(text) if text else None
    if text and digits is None:
        raise TaxProfileError(_("NPWP harus 15 atau 16 angka, misalnya 01.234.567.8-901.000."))
    if is_pkp and digits is None:
        raise TaxProfileError(_("Kelompok PKP wajib mengisi NPWP."))
    profile = session.get(GroupTaxProfile, group_id)
    if profile is None:
        profile = GroupTaxProfile(group_id=group_id)
        session.add(profile)
    profile.npwp = digits
    profile.is_pkp = is_pkp
    profile.updated_at = utcnow()
    session.flush()
    return profile
