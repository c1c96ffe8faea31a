"""Types for JSON Schema's date and time formats that take only what the formats allow.

pydantic's `date` and `datetime` also take a number of seconds ("0" is 1970-01-01); RFC 3339,
which the formats refer to, writes dates and times one way only. These are those types, with
the text checked first (framework-free: handlers see a `date`, a `datetime`, a `time`).
"""

import re
from datetime import date, time
from typing import Annotated, Any, Final

from pydantic import AwareDatetime, BeforeValidator

FULL_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
FULL_TIME: Final = re.compile(r"\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _written_as(pattern: re.Pattern[str], what: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, str) and not pattern.fullmatch(value):
            raise ValueError(f"Input should be {what} as RFC 3339 writes it")
        return value

    return BeforeValidator(check)


Date = Annotated[date, _written_as(FULL_DATE, "a date (2024-01-31)")]
DateTime = Annotated[
    AwareDatetime,
    _written_as(re.compile(rf"{FULL_DATE.pattern}[Tt ]{FULL_TIME.pattern}"), "a date-time"),
]
Time = Annotated[time, _written_as(FULL_TIME, "a time with its offset (12:00:00Z)")]
