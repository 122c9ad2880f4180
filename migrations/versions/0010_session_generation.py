"""users.session_generation: a counter that ends every session of a user when bumped

Logging out, changing the password and an officer's suspension (of the user's group, or
the refusal of an investor account) add one; each session keeps the number it started
with, and a session whose number no longer matches is logged out on its next request.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        # SQLite 3.35+ drops the column in place. Batch mode would copy `users` and drop the
        # old table, and that drop cascades to every row referencing a user (notifications,
        # memberships, orders…): a downgrade must not lose them.
        op.execute("ALTER TABLE users DROP COLUMN session_generation")
    else:
        op.drop_column("users", "session_generation")
