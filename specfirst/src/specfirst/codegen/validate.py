"""Checks of the document as written, before the generator reads it: what it cannot take at
all (a refusal), and what it takes with a warning."""

from collections.abc import Mapping
from typing import Any, Final

from specfirst.codegen.conformance import structural_problems
from specfirst.codegen.model import SpecError
from specfirst.codegen.semantics import semantic_problems
from specfirst.runtime.pointers import pointer

SUPPORTED_VERSIONS: Final = ("3.0.", "3.1.")
SHOWN_PROBLEMS: Final = 10
# Keywords that only an object has, and those that say a schema is something else.
_OBJECT_KEYWORDS: Final = ("properties", "required", "additionalProperties")
_NOT_ONLY_AN_OBJECT: Final = ("$ref", "allOf", "anyOf", "oneOf", "enum", "const")


def validate(document: Mapping[str, Any]) -> list[str]:
    """Refuse (SpecError) a document the generator cannot read, listing the first problems
    found, each with its place: one that is not OpenAPI 3.0 or 3.1, or breaks the OpenAPI
    schema of its version (conformance.py), or a rule the schema cannot express
    (semantics.py). The warnings of one it can read."""
    version = str(document.get("openapi", ""))
    if not version.startswith(SUPPORTED_VERSIONS):
        found = f"Swagger {document['swagger']}" if "swagger" in document else repr(version)
        raise SpecError(f"#/openapi: OpenAPI 3.0 or 3.1 documents only, not {found}")
    try:
        problems = structural_problems(document)
        warnings: list[str] = []
        if not problems:
            problems, warnings = semantic_problems(document)
    except Exception as error:  # the validator itself failed: a refusal, never a traceback
        failed = error.__class__.__name__
        raise SpecError(f"#: the document could not be validated ({failed})") from None
    if problems:
        shown = "\n  ".join(problems[:SHOWN_PROBLEMS])
        more = (
            f"\n  and {len(problems) - SHOWN_PROBLEMS} more"
            if len(problems) > SHOWN_PROBLEMS
            else ""
        )
        raise SpecError(f"not a valid OpenAPI {version} document:\n  {shown}{more}")
    return warnings + [
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
