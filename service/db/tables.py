"""The tables, as SQLAlchemy Core objects; Alembic's migrations create them.

Constraint names are explicit (the naming convention) so migrations can refer to them the same
way on every database.
"""

from typing import Final

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from service.db.types import PortableDouble, UTCDateTime

NAMING_CONVENTION: Final = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# A 64-bit id. On SQLite only `INTEGER PRIMARY KEY` is the auto-incrementing rowid (64-bit too);
# the tables also ask for AUTOINCREMENT there, so a deleted row's id is never handed out again
# (PostgreSQL's sequences never reuse one either).
Id = BigInteger().with_variant(Integer(), "sqlite")

users = Table(
    "users",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("username", String(50), nullable=False, unique=True),
    Column("email", String(254), nullable=False),
    Column("full_name", String(200), nullable=True),
    Column("password_hash", String(255), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    sqlite_autoincrement=True,
)

products = Table(
    "products",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("description", Text(), nullable=True),
    Column("price", PortableDouble(), nullable=False),
    Column("tax", PortableDouble(), nullable=True),
    Column("owner_id", Id, ForeignKey(users.c.id, ondelete="CASCADE"), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    CheckConstraint("price >= 0", name="price_not_negative"),
    CheckConstraint("tax IS NULL OR tax >= 0", name="tax_not_negative"),
    Index(None, "owner_id"),
    sqlite_autoincrement=True,
)

# Counters of the login rate limiter (service.auth.rate_limit) when no Redis is configured:
# hits per key (a hashed client address or username) per fixed time window.
rate_limit_hits = Table(
    "rate_limit_hits",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("window_start", BigInteger(), primary_key=True),
    Column("hits", Integer(), nullable=False),
)
