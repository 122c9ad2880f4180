"""orders keep the terms agreed at checkout: window code and times, point or zone name

An order showed its pickup window, pickup point and delivery zone through the shared rows, so
an officer moving Siang's end from 12.45 to 13.00 rewrote the time on every order that used
it, completed ones included. Each order now stores what it was placed on: `window_code`,
`window_start`, `window_end`, `pickup_point_name` or `delivery_zone_name` (the delivery fee
was already stored). Existing orders are backfilled from their current window, point and
zone: the best record there is of what they agreed.

On PostgreSQL the window columns become NOT NULL after the backfill. On SQLite they stay
nullable in the schema (the application always writes them): making them NOT NULL would mean
rebuilding `orders`, and with foreign keys on (they cannot be switched off inside the
migration's transaction) dropping the old table would cascade-delete every order's lines.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 12:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

WINDOW_COLUMNS = (
    ("window_code", sa.String(length=16)),
    ("window_start", sa.Time()),
    ("window_end", sa.Time()),
)
NAME_COLUMNS = (
    ("pickup_point_name", sa.String(length=120)),
    ("delivery_zone_name", sa.String(length=120)),
)

# Correlated subqueries: one statement that PostgreSQL and SQLite both run.
BACKFILL = """
UPDATE orders SET
  window_code = (SELECT w.code FROM shift_windows w WHERE w.id = orders.window_id),
  window_start = (SELECT w.start_time FROM shift_windows w WHERE w.id = orders.window_id),
  window_end = (SELECT w.end_time FROM shift_windows w WHERE w.id = orders.window_id),
  pickup_point_name = (
    SELECT p.name FROM pickup_points p WHERE p.id = orders.pickup_point_id),
  delivery_zone_name = (
    SELECT z.name FROM delivery_zones z WHERE z.id = orders.delivery_zone_id)
"""


def upgrade():
    for name, type_ in WINDOW_COLUMNS + NAME_COLUMNS:
        op.add_column("orders", sa.Column(name, type_, nullable=True))
    op.execute(BACKFILL)
    if op.get_bind().dialect.name == "postgresql":
        for name, type_ in WINDOW_COLUMNS:
            op.alter_column("orders", name, existing_type=type_, nullable=False)


def downgrade():
    # SQLite (3.35+) drops a column in place; no table rebuild, so no cascade.
    for name, _type in reversed(WINDOW_COLUMNS + NAME_COLUMNS):
        op.drop_column("orders", name)
