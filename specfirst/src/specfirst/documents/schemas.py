"""Where a document's schemas are: the keywords whose values are schemas (JSON Schema 2020-12's
and OpenAPI's), and every schema object of a document, nested ones included."""

from collections.abc import Iterator, Mapping
from typing import Any, Final

# Keywords whose value is one schema.
SCHEMA_KEYWORDS: Final = frozenset(
    {
        "items",
        "additionalProperties",
        "not",
        "contains",
        "propertyNames",
        "if",
        "then",
        "else",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    }
)
# Keywords whose value maps names to schemas (`definitions`: the older name of `$defs`).
SCHEMA_MAP_KEYWORDS: Final = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
# Keywords whose value is a list of schemas.
SCHEMA_LIST_KEYWORDS: Final = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})


def placed_subschemas(schema: Mapping[str, Any]) -> Iterator[tuple[tuple[object, ...], Any]]:
    """The values standing as schemas directly inside `schema`, each with its place relative to
    it (`("properties", "name")`, `("allOf", 0)`), whatever they are (not following references)."""
    for key, value in schema.items():
        if key in SCHEMA_KEYWORDS:
            yield (key,), value
        elif key in SCHEMA_MAP_KEYWORDS and isinstance(value, Mapping):
            yield from (((key, name), item) for name, item in value.items())
        elif key in SCHEMA_LIST_KEYWORDS and isinstance(value, list):
            yield from (((key, index), item) for index, item in enumerate(value))


def subschemas(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The schema objects directly inside `schema` (not following references)."""
    return (value for _, value in placed_subschemas(schema) if isinstance(value, dict))


def nested(schema: Any) -> Iterator[dict[str, Any]]:
    """`schema` and every schema object inside it (not following references)."""
    if not isinstance(schema, dict):
        return
    pending = [schema]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(subschemas(node))


def document_schemas(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every schema object of an OpenAPI document, nested ones included, each once: those of
    `components/schemas` and every `schema` of a parameter, header or media type."""
    roots: list[Any] = list(document.get("components", {}).get("schemas", {}).values())
    roots += [node["schema"] for node in mappings(document) if isinstance(node.get("schema"), dict)]
    seen: set[int] = set()
    for root in roots:
        for schema in nested(root):
            if id(schema) not in seen:
                seen.add(id(schema))
                yield schema


def mappings(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping in `node`, depth first."""
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, dict):
            yield current
            pending.extend(reversed(current.values()))
        elif isinstance(current, list):
            pending.extend(reversed(current))
