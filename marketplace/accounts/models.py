"""User accounts and roles."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.timeutil import utcnow
from marketplace.extensions import db

ROLE_BUYER = "buyer"
ROLE_INVESTOR = "investor"
ROLE_OFFICER = "officer"
ROLES = (ROLE_BUYER, ROLE_INVESTOR, ROLE_OFFICER)

INVESTOR_PENDING = "pending"
INVESTOR_APPROVED = "approved"
INVESTOR_REJECTED = "rejected"


class User(UserMixin, db.Model):
    """A person with one role; a buyer who belongs to a TKM group is also a producer."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str] = mapped_column(String(16), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=ROLE_BUYER, index=True)
    # Investors only: approval by an officer, and who they represent.
    investor_status: Mapped[str | None] = mapped_column(String(16), index=True)
    organization: Mapped[str | None] = mapped_column(String(160))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()
    # Bumped to end every session of this user at once (logout, password change, suspension);
    # each session stores the value it started with (accounts.services.session_fingerprint).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    @property
    def is_officer(self) -> bool:
        return self.role == ROLE_OFFICER

    @property
    def is_investor(self) -> bool:
        return self.role == ROLE_INVESTOR

    @property
    def is_approved_investor(self) -> bool:
        return self.role == ROLE_INVESTOR and self.investor_status == INVESTOR_APPROVED

    @property
    def group_membership(self):
        """The user's TKM group membership, set by the catalog's backref (None for non-members)."""
        return getattr(self, "membership", None)

    @property
    def is_producer(self) -> bool:
        return self.group_membership is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
