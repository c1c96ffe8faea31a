"""Reading a schema's keywords leniently: a keyword of the wrong type reads as absent.

The builder meets schemas that break JSON Schema in small ways (`required: "id"`); what it
cannot read it leaves to the validator, which says what is wrong.
"""

import re
from collections.abc import Mapping
from typing import Any


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def bound(flat: Mapping[str, Any], keyword: str) -> int | None:
    """An integer keyword (maxLength, minItems...); booleans are not integers here."""
    value = flat.get(keyword)
    return None if isinstance(value, bool) or not isinstance(value, int) else value


def count(flat: Mapping[str, Any], keyword: str, default: int) -> int:
    value = bound(flat, keyword)
    return default if value is None else value


def searches(pattern: str, text: str) -> bool:
    """Whether the regular expression `pattern` matches somewhere in `text`, as JSON Schema's
    pattern and patternProperties match (a pattern Python cannot read matches nothing)."""
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False
