"""Choosing among what a schema offers: its own examples and default, the branch a discriminator
names, the order of choices (rotated for other variants), and the types to try for a schema
without `type`."""

from collections.abc import Mapping
from functools import partial
from typing import Any, Final
from urllib.parse import unquote

from specfirst.mock.values.context import Attempt, Context, Schema, following_refs
from specfirst.mock.values.jsonvalues import canonical
from specfirst.mock.values.keywords import mapping
from specfirst.mock.values.strings import FORMAT_SAMPLES
from specfirst.runtime import pointers


def same(value: Any) -> Any:
    """`value` itself: with partial, an attempt that gives a value already at hand."""
    return value


def given_values(flat: Mapping[str, Any]) -> list[Attempt]:
    """The first of `examples`, `default` and the older `example`: each used when valid."""
    given: list[Any] = []
    examples = flat.get("examples")
    if isinstance(examples, list) and examples:
        given.append(examples[0])
    given.extend(flat[keyword] for keyword in ("default", "example") if keyword in flat)
    return [partial(same, value) for value in given]


def discriminated(schema: Schema, flat: Mapping[str, Any]) -> dict[str, Any] | None:
    """For a $ref to a schema with a discriminator (its own, or inherited through allOf, as in
    `Dog: allOf [Pet, ...]`): the schema with the discriminating property set to the value that
    names the reference, which readers of the document expect (tried first, then without)."""
    discriminator = flat.get("discriminator")
    ref = schema.get("$ref") if isinstance(schema, Mapping) else None
    if not isinstance(discriminator, Mapping) or not isinstance(ref, str):
        return None
    name = discriminator.get("propertyName")
    if not isinstance(name, str):
        return None
    return {"allOf": [schema, with_property(name, discriminator_value(discriminator, ref))]}


def discriminator_value(discriminator: Mapping[str, Any], ref: str) -> str:
    """The discriminating property's value that selects the schema at `ref`: its key in the
    mapping, else (OpenAPI's implicit mapping) the schema's name."""
    for key, target in mapping(discriminator.get("mapping")).items():
        # A bare name in a mapping stands for a schema under components/schemas.
        if isinstance(target, str) and "#" not in target and "/" not in target:
            target = f"#/components/schemas/{target}"
        if target == ref or (isinstance(target, str) and unquote(target) == unquote(ref)):
            return str(key)
    with following_refs():
        tokens = pointers.tokens(ref)
    return tokens[-1] if tokens else ref


def with_property(name: str, value: Any) -> dict[str, Any]:
    """A schema requiring the property `name` to be `value`."""
    return {"properties": {name: {"const": value}}, "required": [name]}


def rotated(choices: list[Any], ctx: Context) -> list[Any]:
    """`choices` starting at the variant-th, so that other variants take other choices first."""
    start = ctx.variant % len(choices) if choices else 0
    return choices[start:] + choices[:start]


def mentions_ref(schema: Any) -> bool:
    """Whether `schema` holds a $ref: a branch that may lead further in."""
    return '"$ref"' in canonical(schema)


# Types and the keywords that suggest them, for schemas without `type`.
_KIND_HINTS: Final[dict[str, frozenset[str]]] = {
    "object": frozenset(
        {"properties", "required", "additionalProperties", "patternProperties", "minProperties"}
        | {"maxProperties", "propertyNames", "dependentRequired", "unevaluatedProperties"}
    ),
    "array": frozenset(
        {
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
            "unevaluatedItems",
        }
    ),
    "string": frozenset({"minLength", "maxLength", "pattern"}),
    "number": frozenset(
        {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
    ),
}
_ANY_KINDS: Final = ("object", "string", "integer", "number", "boolean", "array", "null")
_NUMBER_FORMATS: Final = {
    "int32": "integer",
    "int64": "integer",
    "float": "number",
    "double": "number",
}


def inferred_kinds(flat: Mapping[str, Any]) -> list[str]:
    """The JSON types to try for a schema without `type`: those its keywords and format
    suggest, else any (an empty object first, as the simplest realistic value)."""
    kinds = [kind for kind, hints in _KIND_HINTS.items() if not hints.isdisjoint(flat)]
    format_ = flat.get("format")
    if format_ in _NUMBER_FORMATS:
        kinds.insert(0, _NUMBER_FORMATS[format_])
    elif format_ in FORMAT_SAMPLES:
        kinds.insert(0, "string")
    return list(dict.fromkeys(kinds)) or list(_ANY_KINDS)
