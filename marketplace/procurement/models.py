"""Companies buying in bulk, their staff, and the yearly document counters.

The other procurement models live beside this module: `rfq_models` (requests, quotes),
`po_models` (purchase orders, deliveries, BAST), `billing_models` (invoices, their Midtrans
payments, groups' tax identities) and `contract_models` (recurring catering).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db
from marketplace.procurement import states

ROLE_REQUESTER = states.REQUESTER
ROLE_APPROVER = states.APPROVER
ROLE_FINANCE = states.FINANCE
COMPANY_ROLES = {
    ROLE_REQUESTER: _l("Pemohon (membuat permintaan)"),
    ROLE_APPROVER: _l("Penyetuju PO"),
    ROLE_FINANCE: _l("Keuangan"),
}


class Company(db.Model):
    """A company in the zone that buys from TKM groups (a factory, a canteen contractor).

    It may issue purchase orders only once an officer has verified it (`status`).
    """

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    npwp: Mapped[str] = mapped_column(String(16), unique=True)  # 15 or 16 digits, no dots
    address: Mapped[str] = mapped_column(Text)
    is_pkp: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=states.COMPANY_PENDING, index=True)
    # POs whose total is above this need an approver's sign-off; None: every PO does not.
    approval_threshold: Mapped[int | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column()
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[CompanyMember]] = relationship(
        back_populates="company", cascade="all, delete-orphan", order_by="CompanyMember.id"
    )

    __table_args__ = (
        CheckConstraint(
            "approval_threshold IS NULL OR approval_threshold >= 0", name="threshold_positive"
        ),
    )

    @property
    def is_verified(self) -> bool:
        return self.status == states.COMPANY_VERIFIED

    def needs_approval(self, total: int) -> bool:
        """Whether a PO of `total` Rupiah needs an approver's sign-off."""
        return self.approval_threshold is not None and total > self.approval_threshold


class CompanyMember(db.Model):
    """One role of one person at a company; a person may hold several (one row each), and
    still shops as a worker with the same account."""

    __tablename__ = "company_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    company: Mapped[Company] = relationship(back_populates="members")
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    __table_args__ = (UniqueConstraint("company_id", "user_id", "role", name="uq_company_member"),)


class DocCounter(db.Model):
    """The last number given per document kind (RFQ, PO, BAST, INV) and year (numbering.py)."""

    __tablename__ = "doc_counters"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(default=0)
