"""One schema object for a schema's $ref and allOf: the parts merged, the keywords the builders
read combined (bounds tightened, types, enums and properties intersected), the rest kept for
the validator.

Only the top level is merged: nested schemas (properties, items) stay as they are, each merged
when its own value is built, which is what lets a recursive schema be walked one level at a time.
"""

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from math import gcd, lcm
from typing import Any, Final

from specfirst.mock.values.context import InstanceError, Schema, following_refs
from specfirst.mock.values.jsonvalues import brief
from specfirst.mock.values.keywords import listed, mapping, searches
from specfirst.mock.values.numbers import exact, json_number
from specfirst.runtime import pointers

# Keywords left out of the merge: locations and the applicators `flatten` has already followed.
_NOT_MERGED: Final = frozenset(
    {
        "$ref",
        "allOf",
        "$id",
        "$schema",
        "$anchor",
        "$dynamicAnchor",
        "$defs",
        "$comment",
        "definitions",
    }
)


def flatten(
    document: Mapping[str, Any], schema: Schema, trail: tuple[str, ...] = ()
) -> dict[str, Any]:
    """`schema` as one schema object, its $ref (resolved in `document`) and allOf merged in
    (see _merged); `trail` is the $refs followed to get here."""
    if schema is True:
        return {}
    if schema is False:
        raise InstanceError("the schema is false: no value is valid")
    if not isinstance(schema, Mapping):  # a document that breaks JSON Schema (`items: [...]`)
        raise InstanceError(f"{brief(schema)} is not a schema")
    own = {key: value for key, value in schema.items() if key not in _NOT_MERGED}
    parts: list[Mapping[str, Any]] = [own]
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref in trail:
            raise InstanceError(f"$ref {ref} leads back to itself through $ref and allOf alone")
        parts.append(flatten(document, _target(document, ref), (*trail, ref)))
    parts.extend(flatten(document, part, trail) for part in listed(schema.get("allOf")))
    return own if len(parts) == 1 else _merged(parts)


def _target(document: Mapping[str, Any], ref: str) -> Schema:
    with following_refs():
        target = pointers.resolve(document, ref)
    if not isinstance(target, Mapping | bool):
        raise InstanceError(f"$ref {ref} is not a schema")
    return target


def _merged(parts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One schema object for values valid against every part (parts[0] is the schema's own
    keywords). The keywords the builders read are combined; any other keyword met twice is kept
    in a residual allOf, and if/then/else always are: the builders ignore those, the validator
    does not."""
    merged: dict[str, Any] = {}
    for part in parts:
        conditional = {key: part[key] for key in ("if", "then", "else") if key in part}
        if conditional:
            merged["allOf"] = [*listed(merged.get("allOf")), conditional]
        for keyword, value in part.items():
            if keyword not in conditional:
                _merge_keyword(merged, keyword, value)
    _close_properties(merged, parts)
    return merged


def _merge_keyword(merged: dict[str, Any], keyword: str, value: Any) -> None:
    if keyword not in merged:
        merged[keyword] = value
    elif merged[keyword] != value:
        combine = _COMBINE.get(keyword)
        if combine is None:
            merged["allOf"] = [*listed(merged.get("allOf")), {keyword: value}]
        else:
            merged[keyword] = combine(merged[keyword], value)


def _close_properties(merged: dict[str, Any], parts: Sequence[Mapping[str, Any]]) -> None:
    """A part's additionalProperties (and, for a part other than the schema's own keywords, its
    unevaluatedProperties) applies to the properties that only other parts declare: fold it into
    their schemas, so that a property some part forbids becomes `false` and is left out."""
    properties = dict(mapping(merged.get("properties")))
    for index, part in enumerate(parts):
        closing = (
            ("additionalProperties",)
            if index == 0
            else ("additionalProperties", "unevaluatedProperties")
        )
        for keyword in closing:
            extra = part.get(keyword, True)
            if extra is True or extra == {}:
                continue
            for name, schema in properties.items():
                if not _declares(part, name):
                    properties[name] = both(schema, extra)
    if properties:
        merged["properties"] = properties


def _declares(part: Mapping[str, Any], name: str) -> bool:
    patterns = mapping(part.get("patternProperties"))
    return name in mapping(part.get("properties")) or any(searches(p, name) for p in patterns)


def both(first: Any, second: Any) -> Any:
    """A schema for the values valid against both."""
    if first is True or first == {}:
        return second
    if second is True or second == {} or first == second:
        return first
    if first is False or second is False:
        return False
    return {"allOf": [first, second]}


def _common_types(first: Any, second: Any) -> list[str]:
    theirs = [second] if isinstance(second, str) else listed(second)
    common: list[str] = []
    for kind in [first] if isinstance(first, str) else listed(first):
        if kind in theirs:
            common.append(kind)
        elif kind in ("integer", "number") and ("integer" in theirs or "number" in theirs):
            common.append("integer")  # an integer is a number
    if not common:
        raise InstanceError(f"no type is both {first!r} and {second!r}")
    return list(dict.fromkeys(common))


def _common_values(first: Any, second: Any) -> list[Any]:
    common = [value for value in listed(first) if value in listed(second)]
    if not common:
        raise InstanceError(f"no value is in both enums {first!r} and {second!r}")
    return common


def _named(first: Any, second: Any) -> dict[str, Any]:
    merged = dict(mapping(first))
    for name, schema in mapping(second).items():
        merged[name] = both(merged[name], schema) if name in merged else schema
    return merged


def _prefixes(first: Any, second: Any) -> list[Any]:
    ours, theirs = listed(first), listed(second)
    common = [both(a, b) for a, b in zip(ours, theirs, strict=False)]
    return common + ours[len(common) :] + theirs[len(common) :]


def _common_multiple(first: Any, second: Any) -> int | float:
    a, b = exact(first), exact(second)
    if a is None or b is None or a <= 0 or b <= 0:
        raise InstanceError(f"multipleOf {first!r} and {second!r} cannot be combined")
    multiple = Fraction(lcm(a.numerator, b.numerator), gcd(a.denominator, b.denominator))
    return json_number(multiple)


# How the values of a keyword met in two parts combine, for the keywords the builders read.
_COMBINE: Final[dict[str, Callable[[Any, Any], Any]]] = {
    **dict.fromkeys(
        ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"),
        max,
    ),
    **dict.fromkeys(("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"), min),
    "type": _common_types,
    "enum": _common_values,
    "required": lambda first, second: list(dict.fromkeys([*listed(first), *listed(second)])),
    "properties": _named,
    "patternProperties": _named,
    "items": both,
    "additionalProperties": both,
    "unevaluatedProperties": both,
    "prefixItems": _prefixes,
    "uniqueItems": lambda first, second: first is True or second is True,
    "multipleOf": _common_multiple,
    "allOf": lambda first, second: [*listed(first), *listed(second)],
    # Annotations the builders read: the schema's own (parts[0]), else the first part's.
    **dict.fromkeys(("examples", "default", "example", "discriminator"), lambda first, _: first),
}
