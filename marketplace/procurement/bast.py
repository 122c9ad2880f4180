"""The BAST (berita acara serah terima): the company's receiving staff record per line what
was accepted and rejected (with a reason), add a few photos and sign in the app.

Signing is idempotent: the delivery moves dispatched → received with one conditional UPDATE,
and only the submission that moved it writes a BAST (numbered `BAST-2026-00001`), fires
`bast_signed` (invoicing, B2B revenue), plans the replacement of rejected goods and checks
whether the whole PO is now delivered. A second submission gets the first BAST back.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.images import ImageRejected, ProcessedImage, process_image
from marketplace.catalog.storage import get_storage
from marketplace.core.timeutil import utcnow
from marketplace.procurement import deliveries, hooks, numbering, replacements, states
from marketplace.procurement.billing_models import GroupTaxProfile
from marketplace.procurement.companies import roles_of
from marketplace.procurement.npwp import format_npwp
from marketplace.procurement.po_models import Bast, BastPhoto, Delivery

MAX_PHOTOS = 3
MAX_REASON = 300
JPEG = "image/jpeg"

# delivery line id -> (accepted, rejected, reason)
Results = dict[int, tuple[int, int, str]]


def bast_of(session: Session, delivery_id: int) -> Bast | None:
    return session.scalars(select(Bast).where(Bast.delivery_id == delivery_id)).first()


def check_results(delivery: Delivery, results: Results) -> Results:
    """Every line: accepted + rejected = delivered, a reason when something was rejected."""
    checked = {}
    for line in delivery.lines:
        accepted, rejected, reason = results.get(line.id, (0, 0, ""))
        reason = " ".join((reason or "").split())[:MAX_REASON]
        item = line.po_line.description
        if accepted < 0 or rejected < 0 or accepted + rejected != line.qty_delivered:
            raise deliveries.DeliveryError(
                _(
                    "%(item)s: diterima + ditolak harus sama dengan yang dikirim (%(n)s).",
                    item=item,
                    n=line.qty_delivered,
                )
            )
        if rejected and not reason:
            raise deliveries.DeliveryError(_("%(item)s: tulis alasan barang ditolak.", item=item))
        checked[line.id] = (accepted, rejected, reason if rejected else "")
    return checked


def prepare_photos(uploads: Sequence[bytes]) -> list[ProcessedImage]:
    """Check and re-encode the photos before anything is stored (raises ImageRejected)."""
    if len(uploads) > MAX_PHOTOS:
        raise ImageRejected(_("Paling banyak %(n)s foto per BAST.", n=MAX_PHOTOS))
    return [process_image(data) for data in uploads]


def _store_photos(bast: Bast, images: Sequence[ProcessedImage]) -> list[str]:
    storage = get_storage("private")
    keys = []
    for image in images:
        key = f"{secrets.token_hex(16)}.jpg"
        storage.save(key, image.large, JPEG)
        keys.append(key)
        bast.photos.append(BastPhoto(storage_key=key, content_type=JPEG, size=len(image.large)))
    return keys


def check_receivable(session: Session, delivery: Delivery, signer: User) -> None:
    """IllegalTransition (409) unless `signer` may receive the delivery now (dispatched)."""
    if delivery.status == states.DELIVERY_SCHEDULED:
        raise states.IllegalTransition(
            _("Barang belum dikirim kelompok. BAST bisa ditandatangani setelah barang dikirim.")
        )
    actor = deliveries.staff_actor(session, signer, delivery.po.company_id)
    states.check_transition("delivery", delivery.status, states.DELIVERY_RECEIVED, actor)


def sign(
    session: Session,
    delivery: Delivery,
    signer: User,
    results: Results,
    images: Sequence[ProcessedImage] = (),
    notes: str = "",
) -> tuple[Bast, bool]:
    """Receive a dispatched delivery and sign its BAST as `signer` (company staff, checked by
    the caller); return (bast, True), or (the existing bast, False) when it was signed before.

    Raises DeliveryError (422) for quantities or a missing reason, IllegalTransition (409)
    when the delivery is not dispatched. Locking rule: conditional UPDATE of the delivery's
    status; numbering's counter row; capacity's conditional UPDATE for a replacement.
    """
    existing = bast_of(session, delivery.id)
    if existing is not None:
        return existing, False
    po = delivery.po
    check_receivable(session, delivery, signer)
    checked = check_results(delivery, results)
    now = utcnow()
    moved = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery.id, Delivery.status == states.DELIVERY_DISPATCHED)
        .values(status=states.DELIVERY_RECEIVED, received_at=now)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # a concurrent submission signed first
        existing = bast_of(session, delivery.id)
        if existing is not None:
            return existing, False
        raise states.IllegalTransition(_("Pengiriman ini tidak bisa diterima sekarang."))
    for line in delivery.lines:
        line.qty_accepted, line.qty_rejected, line.reject_reason = checked[line.id]
    deliveries.start_delivery(session, po, states.SYSTEM)
    bast = Bast(
        delivery_id=delivery.id,
        number=numbering.next_number(session, "BAST"),
        signed_by_id=signer.id,
        signer_name=signer.name,
        notes=" ".join((notes or "").split())[:500],
        signed_at=now,
    )
    session.add(bast)
    keys = _store_photos(bast, images)
    try:
        session.flush()
        session.refresh(delivery)
        hooks.fire(session, "bast_signed", bast)
        replacements.plan_replacement(session, delivery, bast.number)
        deliveries.finish_if_all_accepted(session, po)
    except Exception:
        for key in keys:
            get_storage("private").delete(key)
        raise
    return bast, True


def accepted_amount(bast: Bast) -> int:
    """Rupiah of the goods accepted at this BAST (accepted × the PO line's unit price)."""
    return sum(line.qty_accepted * line.po_line.unit_price for line in bast.delivery.lines)


# --- access and the PDF -----------------------------------------------------------------------


def visible_bast(session: Session, user: User, bast_id: int, group_id: int | None) -> Bast | None:
    """The BAST when `user` is staff of its PO's company or a member of its group (`group_id`
    of their membership), else None."""
    bast = session.get(Bast, bast_id)
    if bast is None:
        return None
    po = bast.delivery.po
    if group_id is not None and po.group_id == group_id:
        return bast
    return bast if roles_of(session, user.id, po.company_id) else None


def pdf_context(session: Session, bast: Bast) -> dict:
    """The context of templates/procurement/pdf/bast.html (see pdf/base.html)."""
    delivery = bast.delivery
    po = delivery.po
    group, company = po.group, po.company
    tax = session.get(GroupTaxProfile, group.id)
    chair = group.chair
    lines = [
        {
            "description": line.po_line.description,
            "unit": line.po_line.unit,
            "delivered": line.qty_delivered,
            "accepted": line.qty_accepted,
            "rejected": line.qty_rejected,
            "reason": line.reject_reason,
        }
        for line in delivery.lines
    ]
    return {
        "doc_title": _("Berita Acara Serah Terima"),
        "doc_number": bast.number,
        "issued_on": bast.signed_at,
        "po_number": po.number,
        "delivery": delivery,
        "seller_label": _("Yang menyerahkan (kelompok)"),
        "buyer_label": _("Yang menerima (perusahaan)"),
        "seller": {
            "name": group.name,
            "address": f"{group.address}\n{group.village}, {group.kecamatan}",
            "npwp": format_npwp(tax.npwp) if tax and tax.npwp else None,
            "pkp": po.ppn > 0,  # as when the PO was awarded, not as the profile is now
        },
        "buyer": {
            "name": company.name,
            "address": company.address,
            "npwp": format_npwp(company.npwp),
            "pkp": company.is_pkp,
        },
        "lines": lines,
        "notes": bast.notes or None,
        "signers": [
            {
                "party": _("Yang menyerahkan"),
                "name": chair.name if chair else group.name,
                "role": _("Ketua %(group)s", group=group.name),
                "signed_on": delivery.dispatched_at,
            },
            {
                "party": _("Yang menerima"),
                "name": bast.signer_name,
                "role": company.name,
                "signed_on": bast.signed_at,
            },
        ],
    }
