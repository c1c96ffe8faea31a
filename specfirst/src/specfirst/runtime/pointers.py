"""JSON pointers (RFC 6901) and the local `$ref`s written with them, read one way by the
generator, the mock and the runtime alike (framework-free).

A local reference is `#` and a pointer: `#/components/schemas/Pet`, each token escaped (`~0`
for `~`, `~1` for `/`) and, being a URI fragment, possibly percent-encoded (`%7B` for `{`).
A reference that does not resolve, that is not local, or that leads back to itself through
references alone is a PointerError naming it, wherever it is followed.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote


class PointerError(ValueError):
    """A `$ref` that cannot be followed; the message names it and says why."""


def escape(token: object) -> str:
    """One reference token as a pointer writes it: `a/b` is `a~1b`."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """One reference token as written in a pointer, read back: `a~1b` is `a/b`."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer(*tokens: object) -> str:
    """The local reference to a place: `pointer("paths", "/pets", "get")` is
    `#/paths/~1pets/get`."""
    return "#" + "".join(f"/{escape(token)}" for token in tokens)


def tokens(ref: str) -> list[str]:
    """The reference tokens of a local reference (`#/a/b`: a, b; `#`: none)."""
    if not ref.startswith("#"):
        raise PointerError(f"$ref {ref!r} is not a reference within the document")
    path = unquote(ref[1:])
    if not path:
        return []
    if not path.startswith("/"):
        raise PointerError(f"$ref {ref!r} is not a JSON pointer (anchors are not supported)")
    return [unescape(token) for token in path[1:].split("/")]


def resolve(document: Any, ref: str) -> Any:
    """What the local reference `ref` points at in `document`."""
    target = document
    for token in tokens(ref):
        if isinstance(target, Mapping) and token in target:
            target = target[token]
        elif isinstance(target, list) and token.isdigit() and int(token) < len(target):
            target = target[int(token)]
        else:
            raise PointerError(f"$ref {ref!r} does not resolve")
    return target


def follow(document: Any, node: Any) -> Any:
    """`node`, or, when it is a reference (`{"$ref": ...}`), what it leads to in `document`
    through as many references as it takes."""
    seen: list[str] = []
    while isinstance(node, Mapping) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str):
            raise PointerError(f"$ref {ref!r} is not a string")
        if ref in seen:
            trail = " -> ".join([*seen, ref])
            raise PointerError(f"$ref {ref!r} leads back to itself: {trail}")
        seen.append(ref)
        node = resolve(document, ref)
    return node
