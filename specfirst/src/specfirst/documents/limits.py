"""Bounds on what one document may make the generator do, so that a hostile one (a YAML "billion
laughs", a JSON array nested thousands deep, a file of gigabytes) is refused within seconds and
a bounded amount of memory, rather than read.

GitHub's 13 MB description of its REST API, the largest production spec tried
(tests/specfirst/production/), holds 258,000 values nested 21 deep: each bound is far above
what such a spec needs.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from specfirst.documents.errors import DocumentError

MAX_DOCUMENT_BYTES: Final = 64 * 1024 * 1024  # one file, and all the files a spec refers to
MAX_DEPTH: Final = 128
MAX_VALUES: Final = 5_000_000  # the values of the document with every YAML alias expanded
# With its aliases expanded, a document may be at most this many times its text (as JSON
# would write it), plus a little: YAML's own indentation and quoting make a document without
# aliases no larger as JSON than about twice its text.
EXPANSION_FACTOR: Final = 10
EXPANSION_SLACK_BYTES: Final = 64 * 1024


def check_size(path: Path, size: int, read_before: int = 0) -> None:
    """Refuse a file of `size` bytes, when `read_before` bytes of the spec are read already."""
    if read_before + size > MAX_DOCUMENT_BYTES:
        whose = "the spec's files" if read_before else "it"
        raise DocumentError(
            f"{path}: {whose} hold more than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB, "
            "more than a spec may"
        )


def check_shape(value: Any, path: Path, text_bytes: int) -> None:
    """Refuse a loaded document nested deeper than MAX_DEPTH, holding more than MAX_VALUES
    values, larger with its YAML aliases expanded than EXPANSION_FACTOR times its text, or
    holding an alias to a node that contains it. Each shared (aliased) node is measured once:
    the walk takes time in proportion to the text, not to the expansion."""
    sizes: dict[int, tuple[int, int]] = {}  # id of a container → (values, bytes as JSON)
    on_path: set[int] = set()
    stack: list[tuple[Any, Iterator[Any]]] = []
    if isinstance(value, dict | list):
        stack.append((value, _children(value)))
        on_path.add(id(value))
    while stack:
        node, pending = stack[-1]
        if len(stack) > MAX_DEPTH:
            raise DocumentError(f"{path}: nested deeper than {MAX_DEPTH} levels")
        for child in pending:
            if isinstance(child, dict | list) and id(child) not in sizes:
                if id(child) in on_path:
                    raise DocumentError(f"{path}: a YAML alias refers to a node that holds it")
                stack.append((child, _children(child)))
                on_path.add(id(child))
                break
        else:
            stack.pop()
            on_path.discard(id(node))
            sizes[id(node)] = _measured(node, sizes)
            values, written = sizes[id(node)]
            if values > MAX_VALUES:
                raise DocumentError(f"{path}: holds more than {MAX_VALUES:,} values")
            if written > EXPANSION_FACTOR * text_bytes + EXPANSION_SLACK_BYTES:
                raise DocumentError(
                    f"{path}: its YAML aliases expand it to more than {EXPANSION_FACTOR} "
                    "times its text"
                )


def _children(node: dict[Any, Any] | list[Any]) -> Iterator[Any]:
    return iter(node.values() if isinstance(node, dict) else node)


def _measured(
    node: dict[Any, Any] | list[Any], sizes: dict[int, tuple[int, int]]
) -> tuple[int, int]:
    """A container's values and bytes as JSON, from its children's (measured already)."""
    values, written = 1, 2
    keys = node.keys() if isinstance(node, dict) else ()
    written += sum(_scalar_bytes(key) + 1 for key in keys)
    for child in _children(node):
        if isinstance(child, dict | list):
            child_values, child_written = sizes[id(child)]
        else:
            child_values, child_written = 1, _scalar_bytes(child)
        values += child_values
        written += child_written
    return values, written


def _scalar_bytes(value: Any) -> int:
    """About what a scalar takes as JSON (`str()` of a huge integer would itself refuse)."""
    if isinstance(value, str):
        return len(value) + 3
    if isinstance(value, int):
        return value.bit_length() // 3 + 2
    return 8
