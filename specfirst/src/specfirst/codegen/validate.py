"""Checks of the document as written, before the generator reads it: what it cannot take at
all (a refusal), and what it takes with a warning."""

import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from specfirst.codegen.conformance import structural_problems
from specfirst.codegen.model import SpecError
from specfirst.codegen.openapi32 import unserved_constructs
from specfirst.codegen.semantics import semantic_problems
from specfirst.runtime.pointers import pointer

SUPPORTED_VERSIONS: Final = ("3.0.", "3.1.", "3.2.")
# The converter this repository locks in tools/package.json (`make convert-spec`), named in the
# refusal of a Swagger 2.0 document for teams that run the generator outside it.
SWAGGER2OPENAPI: Final = "swagger2openapi@7.0.8"
SHOWN_PROBLEMS: Final = 10
# Keywords that only an object has, and those that say a schema is something else.
_OBJECT_KEYWORDS: Final = ("properties", "required", "additionalProperties")
_NOT_ONLY_AN_OBJECT: Final = ("$ref", "allOf", "anyOf", "oneOf", "enum", "const")


def validate(document: Mapping[str, Any], source: Path) -> list[str]:
    """Refuse (SpecError) a document the generator cannot read, listing the first problems
    found, each with its place: one that is not OpenAPI 3.0, 3.1 or 3.2 (a Swagger 2.0 one with
    the command that converts it), or breaks the OpenAPI schema of its version
    (conformance.py), or a rule the schema cannot express (semantics.py), or uses a construct
    of 3.2 the binding does not serve yet (openapi32.py). The warnings of one it can read.
    `source`: the file it was read from."""
    version = str(document.get("openapi", ""))
    if not version.startswith(SUPPORTED_VERSIONS):
        if str(document.get("swagger")) == "2.0":
            raise SpecError(swagger2_refusal(source))
        found = f"Swagger {document['swagger']}" if "swagger" in document else repr(version)
        raise SpecError(f"#/openapi: OpenAPI 3.0, 3.1 or 3.2 documents only, not {found}")
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
    if version.startswith("3.2.") and (unserved := unserved_constructs(document)):
        listed = "\n  ".join(unserved)
        raise SpecError(f"constructs of OpenAPI 3.2 the generator does not serve yet:\n  {listed}")
    return warnings + [
        f"{pointer('components', 'schemas', name)}: object keywords without `type: object`: "
        "read as an object, so other JSON values are refused"
        for name, schema in document.get("components", {}).get("schemas", {}).items()
        if isinstance(schema, dict) and is_untyped_object(schema)
    ]


def swagger2_refusal(source: Path) -> str:
    """What to do with a Swagger 2.0 document: convert it, writing the result beside it so
    that its relative `$ref`s still lead where they did."""
    converted = source.with_name(f"{source.stem}.openapi{source.suffix}")
    spec, out = shlex.quote(str(source)), shlex.quote(str(converted))
    return (
        "#/swagger: a Swagger 2.0 document: convert it to OpenAPI 3.0, then give the generator "
        f"the result: `make convert-spec SPEC={spec} OUT={out}` in the specfirst repository, "
        f"or `npx --yes {SWAGGER2OPENAPI} --outfile {out} {spec}`"
    )


def is_untyped_object(schema: Mapping[str, Any]) -> bool:
    """Object keywords without a `type`: JSON Schema would take any non-object value too, but
    what the spec means is an object, and the models read it so (normalize.py)."""
    return (
        "type" not in schema
        and any(k in schema for k in _OBJECT_KEYWORDS)
        and not any(k in schema for k in _NOT_ONLY_AN_OBJECT)
    )
