"""jobs: workforce records (members and hired workers by month) of each group

Issue 16, jobs counted from records instead of the self-typed member count. New table only:
`workforce_records` (group, a private person label, kind member/hired, full/part time, start
and end month (first days of WIB months, the end open while the work goes on), and an optional
birth year or age band from which "young, under 30" is derived). The index on
(group_id, start_month) serves the dashboard's one read of every record over twelve months.
`producer_groups.member_count` stays: the fallback for groups without records.

Revision ID: 0020_jobs
Revises: 0016_invoice_ledger (0017-0019 come from other branches; the lead re-chains)
Create Date: 2026-12-05 09:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0020_jobs"
down_revision = "0019_incentives"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "workforce_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("hours", sa.String(length=8), nullable=False),
        sa.Column("start_month", sa.Date(), nullable=False),
        sa.Column("end_month", sa.Date(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("age_band", sa.String(length=8), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('member', 'hired')", name=op.f("ck_workforce_records_kind_known")
        ),
        sa.CheckConstraint(
            "hours IN ('full', 'part')", name=op.f("ck_workforce_records_hours_known")
        ),
        sa.CheckConstraint(
            "end_month IS NULL OR end_month >= start_month",
            name=op.f("ck_workforce_records_end_not_before_start"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["producer_groups.id"],
            name=op.f("fk_workforce_records_group_id_producer_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workforce_records")),
    )
    op.create_index(
        "ix_workforce_records_group_start",
        "workforce_records",
        ["group_id", "start_month"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_workforce_records_group_start", table_name="workforce_records")
    op.drop_table("workforce_records")
