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
    text,
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
    # Counts the product's writes: every change adds one. Its entity tag (ETag) is made of it,
    # and `If-Match` is checked against it in the statement that makes the change.
    Column("version", Integer(), nullable=False, server_default=text("1")),
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

# Idempotency-Key (the IETF httpapi draft): the creations made under each caller's keys, so that a
# retry gets the first response back (service.handlers.idempotency). A row is inserted, and its
# response stored, in the transaction of the creation it stands for: they commit together.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    # "user:<id>", or "anonymous" for operations without credentials.
    Column("caller", String(40), primary_key=True),
    Column("key", String(255), primary_key=True),
    # HMAC-SHA256 (hex) of the operation and its request body: bodies can hold passwords.
    Column("fingerprint", String(64), nullable=False),
    # The first response (the typed response as JSON); NULL only until its request commits.
    Column("response", Text(), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Index(None, "created_at"),
)
