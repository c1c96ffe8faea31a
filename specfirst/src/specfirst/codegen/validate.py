"""Checks of the document as written, before the generator reads it: what it cannot take at
all (a refusal), and what it takes with a warning."""

from collections.abc import Mapping
from typing import Any, Final

from specfirst.codegen.model import SpecError
from specfirst.runtime.pointers import pointer

SUPPORTED_VERSIONS: Final = ("3.0.", "3.1.")
# Keywords that only an object has, and those that say a schema is something else.
_OBJECT_KEYWORDS: Final = ("properties", "required", "additionalProperties")
_NOT_ONLY_AN_OBJECT: Final = ("$ref", "allOf", "anyOf", "oneOf", "enum", "const")


def validate(document: Mapping[str, Any]) -> list[str]:
    """Refuse (SpecError) a document the generator cannot read; the warnings of one it can."""
    version = str(document.get("openapi", ""))
    if not version.startswith(SUPPORTED_VERSIONS):
        found = f"Swagger {document['swagger']}" if "swagger" in document else repr(version)
        raise SpecError(f"#/openapi: OpenAPI 3.0 or 3.1 documents only, not {found}")
    return [
        f"{pointer('components', 'schemas', name)}: object keywords without `type: object`: "
        "read as an object, so other JSON values are refused"
        for name, schema in document.get("components", {}).get("schemas", {}).items()
        if isinstance(schema, dict) and is_untyped_object(schema)
    ]


def is_untyped_object(schema: Mapping[str, Any]) -> bool:
    """Object keywords without a `type`: JSON Schema would take any non-object value too, but
    what the spec means is an object, and the models read it so (normalize.py)."""
    return (
        "type" not in schema
        and any(k in schema for k in _OBJECT_KEYWORDS)
        and not any(k in schema for k in _NOT_ONLY_AN_OBJECT)
    )
