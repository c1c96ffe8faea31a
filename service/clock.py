"""The current time, injectable so tests can choose it."""

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Now, timezone-aware in UTC, to the microsecond (what both databases keep)."""
    return datetime.now(UTC)
