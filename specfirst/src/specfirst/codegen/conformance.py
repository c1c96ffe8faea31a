"""Is the document an OpenAPI document at all? Checked against the OpenAPI schema of its version
(openapi-spec-validator's, the project's chosen validator), and, for 3.1, each schema object
against JSON Schema 2020-12's meta-schema, which the OpenAPI 3.1 schema leaves open. Each
problem is one line: the JSON pointer of the place and what is wrong there.

Only the structural check of openapi-spec-validator is used: its further checks of example and
default values say nothing of where the value is, and the generator checks defaults itself
(typable.py), with the place.
"""

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from jsonschema import Draft4Validator, Draft202012Validator
from jsonschema.exceptions import ValidationError
from openapi_spec_validator import (
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
    OpenAPIV32SpecValidator,
)
from openapi_spec_validator.schemas import schema_v30

from specfirst.codegen.walking import as_mapping
from specfirst.documents.schemas import placed_subschemas
from specfirst.runtime.pointers import pointer

SHOWN_MESSAGE_CHARACTERS: Final = 200
_META_SCHEMA: Final = Draft202012Validator(Draft202012Validator.META_SCHEMA)
# Values that are data, not the spec's own structure: an example may hold a key "schema".
_NOT_THE_SPECS: Final = frozenset({"example", "examples"})


def structural_problems(document: Mapping[str, Any]) -> list[str]:
    """Where `document` (3.0, 3.1 or 3.2, its version checked already) breaks the OpenAPI
    schema of its version, or a 3.1 or 3.2 schema object breaks JSON Schema's meta-schema."""
    version = str(document.get("openapi", ""))
    if version.startswith("3.0."):
        found = list(OpenAPIV30SpecValidator.schema_validator.iter_errors(document))
        if not found:
            return []
        # Refused. The fast validator's errors do not say which branch of a `oneOf` went
        # wrong (`type: strin` is only "not valid under any of the schemas" at the schema);
        # jsonschema's, slower (4 s on GitHub's 13 MB), do: worth it on the way to a refusal.
        precise = list(Draft4Validator(schema_v30).iter_errors(document))
        return [_problem(error, ()) for error in precise or found]
    # 3.1 and 3.2: JSON Schema 2020-12 schema objects, which the OpenAPI schema leaves open.
    validator = OpenAPIV32SpecValidator if version.startswith("3.2.") else OpenAPIV31SpecValidator
    errors = validator.schema_validator.iter_errors(document)
    problems = [_problem(error, ()) for error in errors]
    if problems:
        return problems  # the schema objects are not where the walk would look for them
    for place, schema in schema_roots(document):
        problems += [_problem(error, place) for error in _META_SCHEMA.iter_errors(schema)]
        problems += list(_discriminator_problems(place, schema))
    return problems


def _discriminator_problems(place: tuple[object, ...], schema: Any) -> Iterator[str]:
    """OpenAPI's own keyword in a 3.1 schema, which JSON Schema's meta-schema leaves open:
    `discriminator` is an object with a string `propertyName` and a `mapping` of strings."""
    pending = [(place, schema)]
    while pending:
        here, node = pending.pop()
        if not isinstance(node, Mapping):
            continue
        discriminator = node.get("discriminator", {})
        mapping = discriminator.get("mapping", {}) if isinstance(discriminator, Mapping) else {}
        if "discriminator" in node and not (
            isinstance(discriminator, Mapping)
            and isinstance(discriminator.get("propertyName"), str)
            and isinstance(mapping, Mapping)
            and all(isinstance(target, str) for target in mapping.values())
        ):
            yield (
                f"{pointer(*here, 'discriminator')}: not a discriminator (an object with a "
                "string propertyName and a mapping of strings)"
            )
        pending.extend(((*here, *place), item) for place, item in placed_subschemas(node))


def _problem(error: ValidationError, place: Iterable[object]) -> str:
    """One line for `error`: its most telling part, where."""
    telling = _most_telling(error)
    message = telling.message.split("\n", 1)[0]
    if len(message) > SHOWN_MESSAGE_CHARACTERS:
        message = message[:SHOWN_MESSAGE_CHARACTERS] + "..."
    return f"{pointer(*place, *telling.absolute_path)}: {message}"


def _most_telling(error: ValidationError) -> ValidationError:
    """Inside a `oneOf`/`anyOf` that no branch fits, the complaint of the branch that got
    furthest into the value (the first such). (jsonschema's best_match does the like, but
    fails on the errors of openapi-spec-validator's fast validator.)"""
    while error.context:
        error = max(error.context, key=lambda branch: len(branch.absolute_path))
    return error


def schema_roots(document: Mapping[str, Any]) -> Iterator[tuple[tuple[object, ...], Any]]:
    """Each schema object of the document that is not inside another (`components/schemas`
    entries, and the `schema` of each parameter, header and media type, and a 3.2 media
    type's `itemSchema`), with its place."""
    for name, schema in as_mapping(as_mapping(document.get("components")).get("schemas")).items():
        yield ("components", "schemas", name), schema
    pending: list[tuple[tuple[object, ...], Any]] = [((), document)]
    while pending:
        place, node = pending.pop()
        if place[:2] == ("components", "schemas"):
            continue  # yielded above
        if isinstance(node, Mapping):
            for key, value in node.items():
                if key in ("schema", "itemSchema"):
                    yield (*place, key), value
                elif key not in _NOT_THE_SPECS and not str(key).startswith("x-"):
                    pending.append(((*place, key), value))
        elif isinstance(node, list):
            pending.extend(((*place, index), item) for index, item in enumerate(node))
