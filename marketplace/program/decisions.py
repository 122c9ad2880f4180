"""Officer decisions, each recorded in the audit log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from marketplace.accounts import services as accounts
from marketplace.accounts.models import User
from marketplace.catalog import groups
from marketplace.catalog.constants import GROUP_STATUSES
from marketplace.catalog.models import ProducerGroup
from marketplace.core import audit
from marketplace.orders import notification_messages as messages
from marketplace.orders.notify import notify, notify_group

# A refused investor can still shop: the notice leads to the market's front page.
HOME = ("catalog.home", {})
MY_GROUP = ("catalog.my_group", {})
GROUP_NOTICES = {
    "verify": messages.GROUP_VERIFIED,
    "reject": messages.GROUP_REJECTED,
    "suspend": messages.GROUP_SUSPENDED,
    "reinstate": messages.GROUP_REINSTATED,
}

# `group.<action>` for each of catalog.groups.STATUS_ACTIONS; details are `before -> after`.
audit.register_actions(
    {
        "group.verify": audit.Action(_l("Verifikasi kelompok"), GROUP_STATUSES),
        "group.reject": audit.Action(_l("Penolakan kelompok"), GROUP_STATUSES),
        "group.suspend": audit.Action(_l("Pembekuan kelompok"), GROUP_STATUSES),
        "group.reinstate": audit.Action(_l("Pemulihan kelompok"), GROUP_STATUSES),
    }
)


def decide_group(
    session: Session, officer: User, group: ProducerGroup, action: str, reason: str
) -> str:
    """Verify, reject, suspend or reinstate a group, with an audit entry; tell its members."""
    before = group.status
    after = groups.change_status(session, group, action, reason)
    if action == "suspend":
        # A suspension is the officer's answer to abuse: whoever holds a member's session
        # (perhaps a copied cookie) is out now and must log in again with the password.
        for membership in group.memberships:
            accounts.end_sessions(session, membership.user)
    audit.record(
        session,
        actor_id=officer.id,
        action=f"group.{action}",
        subject_type="group",
        subject_id=group.id,
        reason=reason.strip(),
        details=f"{before} -> {after}",
    )
    message = GROUP_NOTICES[action]
    params = {"group": group.name}
    if action in ("reject", "suspend"):  # the reason is required for these two
        params["reason"] = reason.strip()
    notify_group(session, group.id, f"group_{action}", message, params, MY_GROUP)
    return after


def decide_investor(
    session: Session, officer: User, investor: User, approve: bool, reason: str
) -> None:
    """Approve or reject an investor account, with an audit entry, and tell the investor."""
    reason = reason.strip()
    accounts.decide_investor(session, officer, investor, approve=approve, reason=reason)
    if approve:
        message, params, link = messages.INVESTOR_APPROVED, {}, ("investors.browse", {})
    elif reason:
        message, params, link = messages.INVESTOR_REJECTED_REASON, {"reason": reason}, HOME
    else:
        message, params, link = messages.INVESTOR_REJECTED, {}, HOME
    notify(session, [investor.id], "investor_account", message, params, link)
