"""rollup money columns as BIGINT

A group's month of completed orders (`group_monthly_stats.revenue`, `refunded`) can pass the
32-bit limit of Rp 2.147.483.647 even though one checkout is capped at Rp 1 miliar. SQLite
stores every INTEGER in up to 8 bytes already, so only PostgreSQL changes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 10:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

COLUMNS = ("revenue", "refunded")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.alter_column("group_monthly_stats", column,
                        existing_type=sa.Integer(), type_=sa.BigInteger())


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.alter_column("group_monthly_stats", column,
                        existing_type=sa.BigInteger(), type_=sa.Integer())
