"""Python names for what a spec names, by fixed rules (specfirst/README.md, "Names").

- Words are split at anything that is not a letter or digit, and where case changes
  (`getPetById`, `get-pet-by-id`, `get_pet_by_id`, `GetPetByID` all give get/pet/by/id).
- snake_case joins them in lower case; PascalCase capitalises each.
- A name that would start with a digit is prefixed (`_` words: `op_`, `Model`); a Python
  keyword, or a name the generated code uses itself, gets a trailing underscore.
"""

import keyword
import re

# Separators (anything but letters and digits, Unicode included), and case changes:
# `petId` → pet|Id, `HTTPResponse` → HTTP|Response, `v2Beta` → v2|Beta; a single capital
# stays with its word (`ETag` → ETag).
_WORD_BOUNDARY = re.compile(r"[\W_]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z]{2})(?=[A-Z][a-z])")


def words(name: str) -> list[str]:
    return [word for word in _WORD_BOUNDARY.split(name) if word]


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
    converted = snake_case(name)
    if not converted or converted[0].isdigit():
        converted = f"{prefix}_{converted}".rstrip("_")
    if keyword.iskeyword(converted) or converted in reserved:
        converted += "_"
    return converted


def class_name(name: str) -> str:
    """A PascalCase class name; `Model` before one that would start with a digit."""
    converted = pascal_case(name)
    if not converted or converted[0].isdigit():
        converted = f"Model{converted}"
    return converted
