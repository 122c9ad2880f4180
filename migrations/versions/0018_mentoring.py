"""mentoring: plans, goals, sessions (old visit notes copied in), photos, follow-ups

Issue 16, technical mentoring (pendampingan teknis). New tables: mentoring_plans (one per
group), mentoring_goals (measured kinds or hand-checked `manual`), mentoring_sessions (date,
topic, officer, attendees, notes, advice; `visit_note_id` names the visit note a row was
copied from), mentoring_session_goals (a session linked to goals), mentoring_session_photos,
mentoring_followups.

Every existing `visit_notes` row is copied into `mentoring_sessions` (topic empty, shown as
"Kunjungan"; observations → notes, advice → advice), once: a note already copied is skipped.
New visit notes are written as sessions only; the `visit_notes` table stays, unchanged and
no longer written, for anything that still reads it. Downgrade drops the new tables (the
copied notes are still in `visit_notes`; sessions recorded after the upgrade are lost).

Revision ID: 0018_mentoring
Revises: 0016_invoice_ledger (0017 comes from another branch; the lead re-chains)
Create Date: 2026-12-02 09:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018_mentoring"
down_revision = "0017_skills"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mentoring_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["producer_groups.id"],
            name=op.f("fk_mentoring_plans_group_id_producer_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_mentoring_plans_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_plans")),
        sa.UniqueConstraint("group_id", name=op.f("uq_mentoring_plans_group_id")),
    )
    op.create_table(
        "mentoring_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("target", sa.BigInteger(), nullable=True),
        sa.Column("permit", sa.String(length=8), nullable=True),
        sa.Column("start_month", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.Column("done_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "target IS NULL OR target >= 0",
            name=op.f("ck_mentoring_goals_goal_target_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["mentoring_plans.id"],
            name=op.f("fk_mentoring_goals_plan_id_mentoring_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["done_by"], ["users.id"], name=op.f("fk_mentoring_goals_done_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_goals")),
    )
    op.create_index(op.f("ix_mentoring_goals_plan_id"), "mentoring_goals", ["plan_id"])
    op.create_table(
        "mentoring_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("attendees_count", sa.Integer(), nullable=True),
        sa.Column("attendee_names", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("visit_note_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["producer_groups.id"],
            name=op.f("fk_mentoring_sessions_group_id_producer_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["users.id"], name=op.f("fk_mentoring_sessions_officer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_sessions")),
        sa.UniqueConstraint("visit_note_id", name=op.f("uq_mentoring_sessions_visit_note_id")),
    )
    op.create_index(op.f("ix_mentoring_sessions_group_id"), "mentoring_sessions", ["group_id"])
    op.create_index(op.f("ix_mentoring_sessions_officer_id"), "mentoring_sessions", ["officer_id"])
    op.create_table(
        "mentoring_session_goals",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["mentoring_sessions.id"],
            name=op.f("fk_mentoring_session_goals_session_id_mentoring_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["mentoring_goals.id"],
            name=op.f("fk_mentoring_session_goals_goal_id_mentoring_goals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "goal_id", name=op.f("pk_mentoring_session_goals")),
    )
    op.create_table(
        "mentoring_session_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["mentoring_sessions.id"],
            name=op.f("fk_mentoring_session_photos_session_id_mentoring_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_session_photos")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_mentoring_session_photos_storage_key")),
    )
    op.create_index(
        op.f("ix_mentoring_session_photos_session_id"),
        "mentoring_session_photos",
        ["session_id"],
    )
    op.create_table(
        "mentoring_followups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=300), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["producer_groups.id"],
            name=op.f("fk_mentoring_followups_group_id_producer_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["mentoring_sessions.id"],
            name=op.f("fk_mentoring_followups_session_id_mentoring_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["done_by"], ["users.id"], name=op.f("fk_mentoring_followups_done_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_mentoring_followups_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_followups")),
    )
    op.create_index(op.f("ix_mentoring_followups_group_id"), "mentoring_followups", ["group_id"])
    # Old visit notes become sessions (once; a note already copied is skipped).
    op.execute(
        sa.text(
            "INSERT INTO mentoring_sessions (group_id, officer_id, session_date, topic,"
            " attendees_count, attendee_names, notes, advice, visit_note_id, created_at)"
            " SELECT v.group_id, v.officer_id, v.visit_date, '', NULL, '', v.observations,"
            " COALESCE(v.advice, ''), v.id, v.created_at FROM visit_notes v"
            " WHERE NOT EXISTS (SELECT 1 FROM mentoring_sessions s WHERE s.visit_note_id = v.id)"
            " ORDER BY v.id"
        )
    )


def downgrade():
    # Dropping whole tables (children first) needs no SQLite table rebuild.
    op.drop_index(op.f("ix_mentoring_followups_group_id"), table_name="mentoring_followups")
    op.drop_table("mentoring_followups")
    op.drop_index(
        op.f("ix_mentoring_session_photos_session_id"), table_name="mentoring_session_photos"
    )
    op.drop_table("mentoring_session_photos")
    op.drop_table("mentoring_session_goals")
    op.drop_index(op.f("ix_mentoring_sessions_officer_id"), table_name="mentoring_sessions")
    op.drop_index(op.f("ix_mentoring_sessions_group_id"), table_name="mentoring_sessions")
    op.drop_table("mentoring_sessions")
    op.drop_index(op.f("ix_mentoring_goals_plan_id"), table_name="mentoring_goals")
    op.drop_table("mentoring_goals")
    op.drop_table("mentoring_plans")
