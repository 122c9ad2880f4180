"""notifications as a message key with parameters and a link as endpoint + arguments

Notifications stored a finished Indonesian `text` and a hand-built `url`; an English reader saw
Indonesian and one link (`/pembayaran/pendamping`) was a 404. A row now stores `message` (a key
of `marketplace/orders/notification_messages.py`), `params` (JSON), and its link as
`link_endpoint` + `link_params` (built with url_for when shown). Old rows are mapped: each text
the code used to write is parsed back to its key and parameters, each path to its endpoint; a
row that does not parse keeps showing its stored `text` (kept for those rows). `url` is dropped.

The patterns and templates below are copies of what the code wrote before this revision: a
migration must not import the application.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 11:40:00

"""
import re
from datetime import date

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

ORDER_STATUSES = {
    "awaiting_payment": "Menunggu pembayaran",
    "placed": "Pesanan baru",
    "accepted": "Diterima, sedang disiapkan",
    "ready": "Siap diambil/diantar",
    "completed": "Selesai",
    "cancelled": "Dibatalkan",
    "expired": "Kedaluwarsa (tidak dibayar)",
}

# path pattern -> (endpoint, argument name); in the order tried
LINKS = [
    (re.compile(r"/pesanan/(\d+)"), "orders.order_detail", "order_id"),
    (re.compile(r"/produsen/pesanan/(\d+)"), "orders.producer_order", "order_id"),
    (re.compile(r"/produsen/investasi/minat/(\d+)"), "investors.group_thread", "interest_id"),
    (re.compile(r"/investor/minat/(\d+)"), "investors.investor_thread", "interest_id"),
    (re.compile(r"/pendamping/proposal/(\d+)"), "program.pitch_review", "pitch_id"),
    (re.compile(r"/pembayaran/pendamping|/pendamping/pembayaran"),
     "payments.officer_payments", None),
]
PATHS = {
    "orders.order_detail": "/pesanan/{order_id}",
    "orders.producer_order": "/produsen/pesanan/{order_id}",
    "investors.group_thread": "/produsen/investasi/minat/{interest_id}",
    "investors.investor_thread": "/investor/minat/{interest_id}",
    "program.pitch_review": "/pendamping/proposal/{pitch_id}",
    "payments.officer_payments": "/pendamping/pembayaran",
}

S = re.DOTALL
NEW_ORDER = re.compile(r"Pesanan baru #(\d+) dari (.+) untuk (\d\d)-(\d\d)-(\d{4})\.", S)
BY_BUYER = re.compile(r"Pesanan #(\d+) dibatalkan oleh pembeli\.", S)
STATUS_REASON = re.compile(r"Pesanan #(\d+): (.+?)\. Alasan: (.*)", S)
STATUS = re.compile(r"Pesanan #(\d+): (.+)\.", S)
LATE = re.compile(
    r"Pembayaran (\S+) masuk setelah pesanan kedaluwarsa; dana perlu dikembalikan ke pembeli\.", S
)
INTEREST_OFFICER = re.compile(r"(.+) berminat pada proposal (.+): “(.*)”\.", S)
INTEREST = re.compile(r"(.+) berminat pada proposal “(.*)”\.", S)
REPLY_GROUP = re.compile(r"(.+) membalas tentang “(.*)”\.", S)
REPLY_INVESTOR = re.compile(r"Pesan baru dari investor tentang “(.*)”\.", S)

TEMPLATES = {  # for downgrade: the Indonesian text each key used to be stored as
    "order.new": "Pesanan baru #{id} dari {buyer} untuk {day}.",
    "order.status": "Pesanan #{id}: {status}.",
    "order.status_reason": "Pesanan #{id}: {status}. Alasan: {reason}",
    "order.cancelled_by_buyer": "Pesanan #{id} dibatalkan oleh pembeli.",
    "payment.late": (
        "Pembayaran {ref} masuk setelah pesanan kedaluwarsa; dana perlu dikembalikan ke pembeli."
    ),
    "interest.new": "{who} berminat pada proposal “{title}”.",
    "interest.new_officer": "{who} berminat pada proposal {group}: “{title}”.",
    "interest.reply_from_group": "{group} membalas tentang “{title}”.",
    "interest.reply_from_investor": "Pesan baru dari investor tentang “{title}”.",
}

notifications = sa.table(
    "notifications",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("text", sa.String),
    sa.column("url", sa.String),
    sa.column("message", sa.String),
    sa.column("params", sa.JSON),
    sa.column("link_endpoint", sa.String),
    sa.column("link_params", sa.JSON),
)


def _link(url):
    for pattern, endpoint, arg in LINKS:
        match = pattern.fullmatch(url or "")
        if match:
            return endpoint, ({arg: int(match.group(1))} if arg else {})
    return None, None


def _status_of(kind, label):
    status = kind[len("order_"):] if kind.startswith("order_") else ""
    return status if ORDER_STATUSES.get(status) == label else None


def _message(kind, text, endpoint):
    """(key, params) for a text the code used to write, or (None, None)."""
    m = NEW_ORDER.fullmatch(text)
    if kind == "order_new" and m:
        day = date(int(m.group(5)), int(m.group(4)), int(m.group(3))).isoformat()
        return "order.new", {"id": int(m.group(1)), "buyer": m.group(2), "day": day}
    if kind.startswith("order_"):
        m = BY_BUYER.fullmatch(text)
        if m:
            return "order.cancelled_by_buyer", {"id": int(m.group(1))}
        m = STATUS_REASON.fullmatch(text)
        if m and _status_of(kind, m.group(2)):
            params = {"id": int(m.group(1)), "status": _status_of(kind, m.group(2))}
            return "order.status_reason", {**params, "reason": m.group(3)}
        m = STATUS.fullmatch(text)
        if m and _status_of(kind, m.group(2)):
            return "order.status", {"id": int(m.group(1)), "status": _status_of(kind, m.group(2))}
    if kind == "payment_late":
        m = LATE.fullmatch(text)
        if m:
            return "payment.late", {"ref": m.group(1)}
    if kind == "investor_interest":
        m = INTEREST_OFFICER.fullmatch(text)
        if endpoint == "program.pitch_review" and m:
            return "interest.new_officer", {"who": m.group(1), "group": m.group(2),
                                            "title": m.group(3)}
        m = INTEREST.fullmatch(text)
        if endpoint == "investors.group_thread" and m:
            return "interest.new", {"who": m.group(1), "title": m.group(2)}
    if kind == "interest_reply":
        m = REPLY_INVESTOR.fullmatch(text)
        if endpoint == "investors.group_thread" and m:
            return "interest.reply_from_investor", {"title": m.group(1)}
        m = REPLY_GROUP.fullmatch(text)
        if endpoint == "investors.investor_thread" and m:
            return "interest.reply_from_group", {"group": m.group(1), "title": m.group(2)}
    return None, None


def _rows(bind, columns):
    return bind.execute(sa.select(*columns).order_by(notifications.c.id)).all()


def upgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("message", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("link_endpoint", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("link_params", sa.JSON(), nullable=True))
    bind = op.get_bind()
    t = notifications.c
    updates = []
    for row in _rows(bind, (t.id, t.kind, t.text, t.url)):
        endpoint, link_params = _link(row.url)
        key, params = _message(row.kind or "", row.text or "", endpoint)
        if key or endpoint:
            updates.append({"_id": row.id, "m": key, "p": params, "e": endpoint,
                            "lp": link_params})
    _apply(bind, updates, message="m", params="p", link_endpoint="e", link_params="lp")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("url")


def _apply(bind, updates, **columns):
    stmt = (
        sa.update(notifications)
        .where(notifications.c.id == sa.bindparam("_id"))
        .values({name: sa.bindparam(param) for name, param in columns.items()})
    )
    for start in range(0, len(updates), 1000):
        bind.execute(stmt, updates[start:start + 1000])


def _old_text(message, params):
    template = TEMPLATES.get(message or "")
    if template is None:
        return None
    values = dict(params or {})
    if "status" in values:
        values["status"] = ORDER_STATUSES.get(values["status"], values["status"])
    if "day" in values:
        values["day"] = date.fromisoformat(values["day"]).strftime("%d-%m-%Y")
    try:
        return template.format(**values)[:255]
    except (KeyError, ValueError):
        return None


def downgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("url", sa.String(length=255), nullable=True))
    bind = op.get_bind()
    t = notifications.c
    updates = []
    rows = _rows(bind, (t.id, t.text, t.message, t.params, t.link_endpoint, t.link_params))
    for row in rows:
        path = PATHS.get(row.link_endpoint or "")
        url = path.format(**(row.link_params or {})) if path else ""
        text = row.text or _old_text(row.message, row.params) or (row.message or "")
        updates.append({"_id": row.id, "u": url, "tx": text})
    _apply(bind, updates, url="u", text="tx")
    with op.batch_alter_table("notifications") as batch:
        batch.alter_column("url", existing_type=sa.String(length=255), nullable=False)
        batch.drop_column("link_params")
        batch.drop_column("link_endpoint")
        batch.drop_column("params")
        batch.drop_column("message")
