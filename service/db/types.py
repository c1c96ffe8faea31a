"""Column types whose values come back the same on every database."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, Dialect, Double
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored in UTC and read back aware, to the microsecond.

    PostgreSQL keeps it as `timestamp with time zone`. SQLite has no such type: SQLAlchemy
    stores the text without an offset and reads back a naive value, so the offset is removed
    on the way in (after converting to UTC) and put back on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class PortableDouble(TypeDecorator[float]):
    """A double that reads back the same everywhere: PostgreSQL keeps -0.0, SQLite turns it
    into 0.0, so 0.0 is what both store. (`+ 0.0` is the IEEE 754 way: -0.0 + 0.0 == +0.0,
    and every other float is unchanged.)"""

    impl = Double()
    cache_ok = True

    def process_bind_param(self, value: float | None, dialect: Dialect) -> float | None:
        return None if value is None else value + 0.0
