"""Python names for what a spec names, by fixed rules (specfirst/README.md, "Names").

- Words are split at anything that is not a letter or digit, and where case changes
  (`getPetById`, `get-pet-by-id`, `get_pet_by_id`, `GetPetByID` all give get/pet/by/id).
- snake_case joins them in lower case; PascalCase capitalises each.
- A name that would start with a digit is prefixed (`_` words: `op_`, `Model`); a Python
  keyword, or a name the generated code uses itself, gets a trailing underscore.
- Characters a Python identifier cannot hold separate words; names are NFKC-normalized, as
  Python reads identifiers (so `ﬁle` and `file` are one name, and are told apart as such).
"""

import keyword
import re
import unicodedata
from typing import Final

# Separators (anything but letters and digits, Unicode included), and case changes:
# `petId` → pet|Id, `HTTPResponse` → HTTP|Response, `v2Beta` → v2|Beta; a single capital
# stays with its word (`ETag` → ETag).
_WORD_BOUNDARY = re.compile(r"[\W_]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z]{2})(?=[A-Z][a-z])")


def words(name: str) -> list[str]:
    return [word for word in _WORD_BOUNDARY.split(_identifier_characters(name)) if word]


def _identifier_characters(text: str) -> str:
    """`text` as Python reads an identifier (NFKC), each character no identifier can hold a
    space."""
    normalized = unicodedata.normalize("NFKC", text)
    return "".join(c if ("a" + c).isidentifier() else " " for c in normalized)


def snake_case(name: str) -> str:
    """`If-Match` → `if_match`, `operationId` → `operation_id`, `getHTTPStatus` →
    `get_http_status`."""
    return "_".join(word.lower() for word in words(name))


def pascal_case(name: str) -> str:
    """`create_product` → `CreateProduct`, `pet-store` → `PetStore`."""
    return "".join(word[:1].upper() + word[1:] for word in words(name))


def python_name(name: str, *, prefix: str, reserved: frozenset[str] = frozenset()) -> str:
    """`snake_case(name)`, made a usable identifier: `prefix_` before a leading digit (or for
    a name with no letters at all), and `_` after a keyword or a `reserved` name."""
    converted = _usable(snake_case(name), f"{prefix}_")
    if keyword.iskeyword(converted) or converted in reserved:
        converted += "_"
    return converted


def class_name(name: str, *, reserved: frozenset[str] = frozenset()) -> str:
    """A PascalCase class name; `Model` before one that would start with a digit, `_` after
    a keyword (`None`) or a `reserved` name."""
    converted = _usable(pascal_case(name), "Model")
    if keyword.iskeyword(converted) or converted in reserved:
        converted += "_"
    return converted


def _usable(converted: str, prefix: str) -> str:
    """`converted` (whose case changes may have made characters Python reads otherwise)
    normalized as Python reads identifiers, `prefix` before it when it cannot start one."""
    converted = "".join(c for c in _identifier_characters(converted) if c != " ")
    if not converted.isidentifier():
        converted = f"{prefix}{converted}".rstrip("_") or prefix.rstrip("_")
    return converted


# Names the generated code uses itself, which names from a spec do not take (they get a `_`):
# the keyword arguments of a handler method and of its endpoint, besides the operation's own...
RESERVED_ARGUMENTS: Final = frozenset(
    {"self", "auth", "body", "form", "handlers", "result", "router", "render", "responses"}
    | {"models"}
)
# ...bind_routes' keyword arguments (handler sets, authenticators) and what its body uses...
RESERVED_BINDINGS: Final = frozenset(
    {"router", "security", "describe_unavailable", "binding_errors", "served", "operation"}
    | {"models", "responses", "render", "add_operation", "require_operations"}
    | {"require_authenticators"}
)
# ...an operation's method, which is also its endpoint's name, beside what a binding uses...
RESERVED_OPERATIONS: Final = frozenset(
    {"handlers", "render", "responses", "models", "add_operation", "router", "security"}
    | {"describe_unavailable", "binding_errors"}
)
# ...and the start of a response class's name that would make it one the module imports.
RESERVED_RESPONSE_NAMES: Final = frozenset({"FixedStatus", "ChosenStatus"})


def handler_set_name(name: str) -> str:
    """A handler set's name (its argument of bind_routes): snake_case, `set_` before a
    leading digit, `_handlers` after a keyword or a name bind_routes uses."""
    converted = _usable(snake_case(name), "set_")
    if keyword.iskeyword(converted) or converted in RESERVED_BINDINGS:
        converted += "_handlers"
    return converted
