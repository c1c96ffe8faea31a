"""What a string's `format` makes of its value, in a body and in a parameter alike: the one table
of them (framework-free), and the types for the formats pydantic reads too loosely.

pydantic's `date`, `datetime` and `timedelta` also take a number of seconds ("0" is
1970-01-01) and other spellings ("1 day"); RFC 3339, which JSON Schema's formats refer to,
writes dates, times and durations one way only. `Date`, `DateTime`, `Time` and `Duration` are
those types with the text checked first, then read (handlers see a `date`, a `datetime`, a
`time`, a `timedelta`). Read here, not by pydantic after the check: a JSON body is validated
strictly, and strict pydantic takes no text for a date once a validator has run before it.
"""

import re
from datetime import date, time, timedelta
from typing import Annotated, Any, Final

from pydantic import AwareDatetime, BeforeValidator, TypeAdapter

FULL_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
FULL_TIME: Final = re.compile(r"\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
# RFC 3339 Appendix A; seconds may have a fraction, as ISO 8601 allows.
_DURATION_TIME = r"T(\d+H(\d+M(\d+(\.\d+)?S)?)?|\d+M(\d+(\.\d+)?S)?|\d+(\.\d+)?S)"
DURATION: Final = re.compile(
    rf"P(\d+W|(\d+Y(\d+M(\d+D)?)?|\d+M(\d+D)?|\d+D)({_DURATION_TIME})?|{_DURATION_TIME})"
)


def _written_as(read_as: Any, pattern: re.Pattern[str], what: str) -> Any:
    """A validator taking text only as `pattern` writes it, read as a `read_as`."""
    reader = TypeAdapter(read_as)

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if not pattern.fullmatch(value):
            raise ValueError(f"Input should be {what} as RFC 3339 writes it")
        return reader.validate_python(value, strict=False)

    return BeforeValidator(check)


Date = Annotated[date, _written_as(date, FULL_DATE, "a date (2024-01-31)")]
DateTime = Annotated[
    AwareDatetime,
    _written_as(
        AwareDatetime, re.compile(rf"{FULL_DATE.pattern}[Tt ]{FULL_TIME.pattern}"), "a date-time"
    ),
]
Time = Annotated[time, _written_as(time, FULL_TIME, "a time with its offset (12:00:00Z)")]
Duration = Annotated[timedelta, _written_as(timedelta, DURATION, "a duration (P1DT12H)")]

# The type a string of each format is read as (a dotted path: module, then name), in request
# and response bodies (the generated models) and in parameters. A format not listed is an
# annotation, as JSON Schema says formats are by default: the value is a plain string.
FORMAT_TYPES: Final = {
    "date-time": f"{__name__}.DateTime",
    "date": f"{__name__}.Date",
    "time": f"{__name__}.Time",
    "duration": f"{__name__}.Duration",
    "uuid": "uuid.UUID",
    "uri": "pydantic.AnyUrl",
    "email": "pydantic.EmailStr",
    "ipv4": "ipaddress.IPv4Address",
    "ipv6": "ipaddress.IPv6Address",
    # Base64 text of any bytes (not only of UTF-8 text).
    "byte": "pydantic.Base64Bytes",
}
