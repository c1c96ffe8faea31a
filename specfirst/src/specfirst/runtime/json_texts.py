"""JSON text from a request (a body, a multipart part, a content-encoded parameter), read one
way wherever it comes from. A key twice in one object, or nesting deeper than MAX_DEPTH, is
malformed as a syntax error is: RFC 8259 leaves duplicate keys undefined and parsers disagree
(a gateway reading the first value, this service the last, would see two requests), and
pydantic's parser stops at that depth."""

import json
from typing import Any, Final

import jiter

MAX_DEPTH: Final = 201  # pydantic's parser's (jiter's): it refuses the 202nd level
TOO_DEEP: Final = f"nested deeper than {MAX_DEPTH} levels"


class MalformedJsonError(ValueError):
    """Text that is not one JSON value with one meaning: `reason` says why, `position` (an
    offset into the text) where, when known."""

    def __init__(self, reason: str, position: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.position = position


def refuse_ambiguous(text: bytes | str) -> None:
    """MalformedJsonError when `text` has a key twice in an object or nests too deep. Its other
    errors are left to the reading that follows (`parse`, or pydantic's), which words them, or
    takes what only jiter refuses (a lone surrogate, `"\\ud800"`)."""
    try:
        # surrogatepass: a lone surrogate in `text` becomes bytes jiter refuses, which leaves
        # it to json.loads, as for a body that holds one.
        content = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        jiter.from_json(content, catch_duplicate_keys=True)
    except ValueError as error:
        reason = str(error)
        if reason.startswith("Detected duplicate key"):
            raise MalformedJsonError(reason) from None
        if reason.startswith("recursion limit exceeded"):
            raise MalformedJsonError(TOO_DEEP) from None


def parse(text: bytes | str) -> Any:
    """The JSON value `text` holds; MalformedJsonError when it holds none, or one that is ambiguous
    (`refuse_ambiguous`). Bytes not in UTF-8 raise UnicodeDecodeError."""
    refuse_ambiguous(text)
    try:
        value = json.loads(text, object_pairs_hook=_object_without_repeated_keys)
    except json.JSONDecodeError as error:
        raise MalformedJsonError(error.msg, error.pos) from None
    except RecursionError:  # deep past a lone surrogate, where jiter stopped reading
        raise MalformedJsonError(TOO_DEEP) from None
    if _depth(value) > MAX_DEPTH:  # likewise, but within what json.loads reads
        raise MalformedJsonError(TOO_DEEP)
    return value


def _depth(value: Any) -> int:
    """How many arrays and objects deep `value` nests (a scalar: 0), without recursion."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, level = pending.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        )
        if children is not None:
            deepest = max(deepest, level)
            pending.extend((child, level + 1) for child in children)
    return deepest


def _object_without_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise MalformedJsonError(f'Detected duplicate key "{key}"')
        found[key] = value
    return found
