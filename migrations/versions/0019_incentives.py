"""aid records (replacing producer_groups.aid_year) and incentive rounds

`aid_records` keeps each grant a group received (kind, amount, source, date, note), entered
by officers. Every group's old `aid_year` becomes one record of kind `other` from the ministry
with no amount and no officer (the registration form never asked for more); the column goes.
Incentive rounds rank lanjutan groups by weighted criteria: `incentive_criteria` (the weights),
`incentive_scores` and `incentive_score_values` (the ranking frozen at the cut-off, per group
and per criterion) and `incentive_decisions` (award or not, amount, reason, when given).

Revision ID: 0019_incentives
Revises: 0016_invoice_ledger
Create Date: 2026-12-10 09:00:00

"""

from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0019_incentives"
down_revision = "0018_mentoring"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "aid_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("source_name", sa.String(length=120), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["producer_groups.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_aid_records_group_year", "aid_records", ["group_id", "year"])
    op.get_bind().execute(
        sa.text(
            "INSERT INTO aid_records (group_id, year, kind, amount, source, source_name, note, "
            "recorded_by, created_at) SELECT id, aid_year, 'other', NULL, 'ministry', '', '', "
            "NULL, :now FROM producer_groups WHERE aid_year IS NOT NULL"
        ),
        {"now": datetime.now(UTC).replace(tzinfo=None)},
    )
    # SQLite (3.35+) drops a column in place; no table rebuild, so no cascade.
    op.drop_column("producer_groups", "aid_year")

    op.create_table(
        "incentive_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("cutoff", sa.Date(), nullable=False),
        sa.Column("budget", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("ranked_at", sa.DateTime(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_incentive_rounds_status", "incentive_rounds", ["status"])
    op.create_table(
        "incentive_criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["incentive_rounds.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "key", name="uq_incentive_criteria_key"),
    )
    op.create_index("ix_incentive_criteria_round_id", "incentive_criteria", ["round_id"])
    op.create_table(
        "incentive_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["incentive_rounds.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["group_id"], ["producer_groups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "group_id", name="uq_incentive_scores_group"),
    )
    op.create_index("ix_incentive_scores_round_id", "incentive_scores", ["round_id"])
    op.create_table(
        "incentive_score_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("score_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=True),
        sa.Column("normalized", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["score_id"], ["incentive_scores.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_incentive_score_values_score_id", "incentive_score_values", ["score_id"])
    op.create_table(
        "incentive_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("award", sa.Boolean(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=True),
        sa.Column("given_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["round_id"], ["incentive_rounds.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["group_id"], ["producer_groups.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"]),
        sa.ForeignKeyConstraint(["given_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "group_id", name="uq_incentive_decisions_group"),
    )
    op.create_index("ix_incentive_decisions_round_id", "incentive_decisions", ["round_id"])


def downgrade():
    op.drop_table("incentive_decisions")
    op.drop_table("incentive_score_values")
    op.drop_table("incentive_scores")
    op.drop_table("incentive_criteria")
    op.drop_table("incentive_rounds")
    # Back to one year per group: its first aid (the registration default when none).
    op.add_column(
        "producer_groups",
        sa.Column("aid_year", sa.Integer(), nullable=False, server_default=sa.text("2022")),
    )
    op.get_bind().execute(
        sa.text(
            "UPDATE producer_groups SET aid_year = (SELECT MIN(year) FROM aid_records "
            "WHERE aid_records.group_id = producer_groups.id) WHERE EXISTS (SELECT 1 FROM "
            "aid_records WHERE aid_records.group_id = producer_groups.id)"
        )
    )
    op.drop_table("aid_records")
