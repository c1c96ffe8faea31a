"""Entity tags (RFC 9110 §8.8.3) and the conditional request headers that list them (§13.1)."""

import re
from dataclasses import dataclass
from typing import Final, Literal

ANY: Final = "*"
# One element of a list of entity tags: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc =
# %x21 / %x23-7E / obs-text (which includes the comma), then the comma that ends the element
# or the end of the value. Elements may be empty and padded with spaces or tabs (§5.6.1).
_ELEMENT: Final = re.compile(r'[ \t]*(?:(W/)?"([\x21\x23-\x7e\x80-\xff]*)")?[ \t]*(,|\Z)')


@dataclass(frozen=True)
class EntityTag:
    opaque: str  # between the quotes
    weak: bool = False

    def __str__(self) -> str:
        return f'{"W/" if self.weak else ""}"{self.opaque}"'


def parse_entity_tags(value: str) -> tuple[EntityTag, ...] | Literal["*"] | None:
    """The entity tags of an If-Match or If-None-Match value, `ANY` for `*`, or None when
    `value` is neither."""
    if value.strip(" \t") == ANY:
        return ANY
    tags = []
    position = 0
    while position < len(value):
        element = _ELEMENT.match(value, position)
        if element is None:
            return None
        if element.group(2) is not None:
            tags.append(EntityTag(opaque=element.group(2), weak=element.group(1) is not None))
        position = element.end()
        if not element.group(3):  # the end of the value
            break
    return tuple(tags) or None
