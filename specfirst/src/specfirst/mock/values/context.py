"""Where a value is being built, and the errors that say why no value could be.

Every module of the package builds or reads values at a place (`Context`) and reports what
cannot be satisfied there as an InstanceError; the references it follows are read with
specfirst.runtime.pointers, whose PointerErrors `following_refs` turns into InstanceErrors.
"""

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Self, TypeAlias

from specfirst.runtime.pointers import PointerError

Schema: TypeAlias = Mapping[str, Any] | bool
# One candidate value, built when called; the builder checks it against the schema.
Attempt: TypeAlias = Callable[[], Any]


class InstanceError(ValueError):
    """No valid value could be built for a schema (or the schema itself cannot be used)."""


class TooDeepError(InstanceError):
    """Nesting went past the deepest level allowed: a required property or item leads back to
    its own schema.

    Not retried with other choices on the way back up: every one of them would go as deep."""


@contextmanager
def following_refs() -> Iterator[None]:
    """Inside it, a $ref that cannot be followed is an InstanceError (the builder's error, which
    it reports with the place), its message still naming the $ref."""
    try:
        yield
    except PointerError as error:
        raise InstanceError(str(error)) from None


@dataclass(frozen=True)
class Context:
    """Where a value is being built.

    `where` is its JSON path (for messages), `depth` its nesting, `branchings` the oneOf/anyOf
    branches chosen so far at this place, and `variant` which value is wanted: 0 is the first
    choice; others ask for a different value, for the items of arrays that must be unique.
    """

    where: str = "$"
    depth: int = 0
    variant: int = 0
    branchings: int = 0

    def inside(self, key: str | int) -> Self:
        return replace(self, where=self.where + _path_step(key), depth=self.depth + 1, branchings=0)

    def varied(self, variant: int) -> Self:
        return replace(self, variant=variant)

    def branched(self) -> Self:
        return replace(self, branchings=self.branchings + 1)


def _path_step(key: str | int) -> str:
    """One step of a JSON path, written as jsonschema writes them in its messages."""
    if isinstance(key, int):
        return f"[{key}]"
    if re.fullmatch(r"[a-zA-Z][a-zA-Z0-9_]*", key):
        return f".{key}"
    return "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']"
