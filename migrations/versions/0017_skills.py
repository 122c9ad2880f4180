"""skills: members' profiles, training taken and competency certificates

Issue 16, "Skills and certificates". New tables only, nothing existing changes:
group_members (a group's people: name, role in the group, optional age band and gender;
personal data shown only to the chair and officers), member_trainings, and
member_certificates (scheme, issuer, number, issue and expiry dates, a private scan, and the
officer's decision: pending / verified / rejected). `group_id` is repeated on trainings and
certificates so the counts per group need no join.

Revision ID: 0017_skills
Revises: 0016_invoice_ledger
Create Date: 2026-12-05 09:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0017_skills"
down_revision = "0016_invoice_ledger"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "group_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("age_band", sa.String(length=16), nullable=True),
        sa.Column("gender", sa.String(length=8), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["producer_groups.id"],
            name=op.f("fk_group_members_group_id_producer_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_members")),
    )
    op.create_index(op.f("ix_group_members_group_id"), "group_members", ["group_id"])

    op.create_table(
        "member_trainings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("provider", sa.String(length=160), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "hours IS NULL OR hours > 0", name=op.f("ck_member_trainings_hours_positive")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["producer_groups.id"],
            name=op.f("fk_member_trainings_group_id_producer_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["group_members.id"],
            name=op.f("fk_member_trainings_member_id_group_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_trainings")),
    )
    op.create_index(op.f("ix_member_trainings_group_id"), "member_trainings", ["group_id"])
    op.create_index(op.f("ix_member_trainings_member_id"), "member_trainings", ["member_id"])

    op.create_table(
        "member_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=160), nullable=False),
        sa.Column("issuer", sa.String(length=160), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("original_name", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "expires_on IS NULL OR expires_on >= issued_on",
            name=op.f("ck_member_certificates_expiry_after_issue"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_member_certificates_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["producer_groups.id"],
            name=op.f("fk_member_certificates_group_id_producer_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["group_members.id"],
            name=op.f("fk_member_certificates_member_id_group_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_certificates")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_member_certificates_storage_key")),
    )
    op.create_index(op.f("ix_member_certificates_group_id"), "member_certificates", ["group_id"])
    op.create_index(
        op.f("ix_member_certificates_member_id"), "member_certificates", ["member_id"]
    )
    op.create_index(
        "ix_member_certificates_group_status", "member_certificates", ["group_id", "status"]
    )
    op.create_index(
        "ix_member_certificates_status_expiry", "member_certificates", ["status", "expires_on"]
    )


def downgrade():
    # Only these new tables, children first; nothing existing is rebuilt.
    op.drop_table("member_certificates")
    op.drop_table("member_trainings")
    op.drop_table("group_members")
