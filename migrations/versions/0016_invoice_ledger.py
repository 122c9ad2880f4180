"""invoices in the group ledger; the date a company says it paid an invoice by transfer

Procurement's invoices enter `ledger_entries` as receivables (kinds `receivable`,
`receivable_paid`, `receivable_void`) and, when paid through Midtrans, as money the platform
holds (`invoice_earning`); the invoice number is the entry's `reference`. A partial unique
index lets each invoice enter each of these kinds once (`uq_ledger_invoice_kind`), so a
repeated event records nothing twice. `invoices.transfer_paid_on` keeps the transfer date the
company's finance staff report with its reference.

Revision ID: 0016_invoice_ledger
Revises: 0015_b2b_revenue
Create Date: 2026-12-01 09:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0016_invoice_ledger"
down_revision = "0015_b2b_revenue"
branch_labels = None
depends_on = None

INVOICE_KINDS = "kind IN ('receivable', 'receivable_paid', 'receivable_void', 'invoice_earning')"


def upgrade():
    op.add_column("invoices", sa.Column("transfer_paid_on", sa.Date(), nullable=True))
    op.create_index(
        "uq_ledger_invoice_kind",
        "ledger_entries",
        ["reference", "kind"],
        unique=True,
        sqlite_where=sa.text(INVOICE_KINDS),
        postgresql_where=sa.text(INVOICE_KINDS),
    )


def downgrade():
    op.drop_index("uq_ledger_invoice_kind", table_name="ledger_entries")
    # SQLite (3.35+) drops a column in place; no table rebuild, so no cascade.
    op.drop_column("invoices", "transfer_paid_on")
