"""deals after an introduction: terms, tranches, schedules, repayments, updates, files

Issue 16 ("After the introduction"). New tables only, nothing existing changes: deals (one
per interest at a time, terms and status), deal_files (private proofs and photos),
deal_tranches (planned transfers and their reported disbursement), deal_instalments (the
repayment schedule written when an officer confirms), deal_repayments (one row per reported
transfer; a reference once per deal), deal_updates with deal_update_photos.

Revision ID: 0021_deals
Revises: 0016_invoice_ledger (the lead re-chains the issue 16 revisions at merge)
Create Date: 2026-12-10 09:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0021_deals"
down_revision = "0020_jobs"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "deals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interest_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("investor_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=False),
        sa.Column("rate_bps", sa.Integer(), nullable=False),
        sa.Column("share_bps", sa.Integer(), nullable=False),
        sa.Column("first_due_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=True),
        sa.Column("agreed_by", sa.Integer(), nullable=True),
        sa.Column("agreed_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "amount > 0 AND amount <= 2000000000", name=op.f("ck_deals_amount_range")
        ),
        sa.CheckConstraint(
            "term_months >= 0 AND term_months <= 120", name=op.f("ck_deals_term_range")
        ),
        sa.CheckConstraint("rate_bps >= 0 AND rate_bps <= 10000", name=op.f("ck_deals_rate_range")),
        sa.CheckConstraint(
            "share_bps >= 0 AND share_bps <= 10000", name=op.f("ck_deals_share_range")
        ),
        sa.ForeignKeyConstraint(
            ["interest_id"],
            ["pitch_interests.id"],
            name=op.f("fk_deals_interest_id_pitch_interests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["producer_groups.id"],
            name=op.f("fk_deals_group_id_producer_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["investor_id"], ["users.id"], name=op.f("fk_deals_investor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by"], ["users.id"], name=op.f("fk_deals_proposed_by_users")
        ),
        sa.ForeignKeyConstraint(["agreed_by"], ["users.id"], name=op.f("fk_deals_agreed_by_users")),
        sa.ForeignKeyConstraint(
            ["confirmed_by"], ["users.id"], name=op.f("fk_deals_confirmed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deals")),
    )
    op.create_index(op.f("ix_deals_interest_id"), "deals", ["interest_id"])
    op.create_index(op.f("ix_deals_group_id"), "deals", ["group_id"])
    op.create_index(op.f("ix_deals_investor_id"), "deals", ["investor_id"])
    op.create_index(op.f("ix_deals_status"), "deals", ["status"])

    op.create_table(
        "deal_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deal_id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("original_name", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deal_id"], ["deals.id"], name=op.f("fk_deal_files_deal_id_deals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name=op.f("fk_deal_files_uploaded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deal_files")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_deal_files_storage_key")),
    )
    op.create_index(op.f("ix_deal_files_deal_id"), "deal_files", ["deal_id"])

    op.create_table(
        "deal_tranches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("disbursed_on", sa.Date(), nullable=True),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("proof_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("amount > 0", name=op.f("ck_deal_tranches_amount_positive")),
        sa.ForeignKeyConstraint(
            ["deal_id"],
            ["deals.id"],
            name=op.f("fk_deal_tranches_deal_id_deals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proof_id"], ["deal_files.id"], name=op.f("fk_deal_tranches_proof_id_deal_files")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_deal_tranches_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deal_tranches")),
    )
    op.create_index(op.f("ix_deal_tranches_deal_id"), "deal_tranches", ["deal_id"])

    op.create_table(
        "deal_instalments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deal_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("expected", sa.BigInteger(), nullable=True),
        sa.Column("principal", sa.BigInteger(), nullable=False),
        sa.Column("interest", sa.BigInteger(), nullable=False),
        sa.Column("sales_month", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["deal_id"],
            ["deals.id"],
            name=op.f("fk_deal_instalments_deal_id_deals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deal_instalments")),
        sa.UniqueConstraint("deal_id", "seq", name="uq_deal_instalments_deal_seq"),
    )
    op.create_index(op.f("ix_deal_instalments_deal_id"), "deal_instalments", ["deal_id"])

    op.create_table(
        "deal_repayments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deal_id", sa.Integer(), nullable=False),
        sa.Column("instalment_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("proof_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_deal_repayments_amount_positive")),
        sa.ForeignKeyConstraint(
            ["deal_id"],
            ["deals.id"],
            name=op.f("fk_deal_repayments_deal_id_deals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["instalment_id"],
            ["deal_instalments.id"],
            name=op.f("fk_deal_repayments_instalment_id_deal_instalments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proof_id"], ["deal_files.id"], name=op.f("fk_deal_repayments_proof_id_deal_files")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_deal_repayments_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deal_repayments")),
        sa.UniqueConstraint("deal_id", "reference", name="uq_deal_repayments_deal_reference"),
    )
    op.create_index(op.f("ix_deal_repayments_deal_id"), "deal_repayments", ["deal_id"])
    op.create_index(op.f("ix_deal_repayments_instalment_id"), "deal_repayments", ["instalment_id"])

    op.create_table(
        "deal_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deal_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("jobs_added", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("verified_by", sa.Integer(), nullable=True),
        sa.Column("verified_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("jobs_added >= 0", name=op.f("ck_deal_updates_jobs_not_negative")),
        sa.ForeignKeyConstraint(
            ["deal_id"],
            ["deals.id"],
            name=op.f("fk_deal_updates_deal_id_deals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_deal_updates_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["verified_by"], ["users.id"], name=op.f("fk_deal_updates_verified_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deal_updates")),
    )
    op.create_index(op.f("ix_deal_updates_deal_id"), "deal_updates", ["deal_id"])

    op.create_table(
        "deal_update_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["update_id"],
            ["deal_updates.id"],
            name=op.f("fk_deal_update_photos_update_id_deal_updates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["deal_files.id"],
            name=op.f("fk_deal_update_photos_file_id_deal_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deal_update_photos")),
    )
    op.create_index(op.f("ix_deal_update_photos_update_id"), "deal_update_photos", ["update_id"])


def downgrade():
    # New tables only, dropped children first; nothing existing is rebuilt.
    for table in (
        "deal_update_photos",
        "deal_updates",
        "deal_repayments",
        "deal_instalments",
        "deal_tranches",
        "deal_files",
        "deals",
    ):
        op.drop_table(table)
