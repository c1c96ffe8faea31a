"""Plain JSON values: copies made of JSON types, canonical text (equal values, equal text) for
caches and comparisons, and brief renderings for messages."""

import datetime
import json
from collections.abc import Mapping
from typing import Any


def json_copy(value: Any) -> Any:
    """A copy of `value` made of plain JSON types (dicts in their order, lists, ...)."""
    return json.loads(json.dumps(value, default=_plain))


def canonical(value: Any) -> str:
    """`value` as JSON text with sorted keys: the same text for equal values."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=_plain)


def brief(value: Any) -> str:
    text = canonical(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _plain(value: object) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    # YAML loaders read an unquoted timestamp in an example as a date.
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"not a JSON value: {type(value).__name__}")
