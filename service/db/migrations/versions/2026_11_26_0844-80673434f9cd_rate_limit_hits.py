"""rate limit hits

Revision ID: 80673434f9cd
Revises: 9ccf4b72ddcd
Create Date: 2026-11-26 08:44:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "80673434f9cd"
down_revision: str | None = "9ccf4b72ddcd"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_hits",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_start", name=op.f("pk_rate_limit_hits")),
    )


def downgrade() -> None:
    op.drop_table("rate_limit_hits")
