"""users and products

Revision ID: 9ccf4b72ddcd
Revises:
Create Date: 2026-11-26 07:37:00.613590
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9ccf4b72ddcd"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here rather than imported from service.db, so this migration stays what it was
# when later revisions change the tables.
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "products",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("price", sa.Double(), nullable=False),
        sa.Column("tax", sa.Double(), nullable=True),
        sa.Column("owner_id", _ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("price >= 0", name=op.f("ck_products_price_not_negative")),
        sa.CheckConstraint("tax IS NULL OR tax >= 0", name=op.f("ck_products_tax_not_negative")),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_products_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_products_owner_id"), "products", ["owner_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_products_owner_id"), table_name="products")
    op.drop_table("products")
    op.drop_table("users")
