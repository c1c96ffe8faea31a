"""Example values for a mock server: a valid JSON value for any schema of an OpenAPI 3.1 document.

`Instances(document).instance(schema)` builds a value that JSON Schema 2020-12 accepts for
`schema`, the `$ref`s in it resolved in the document; `problems(value, schema)` says why a value
is not valid. The same schema gives the same value on every call and every run.

How a value is built: a schema's top-level `$ref` and `allOf` are merged into one schema object
(`_flatten`), and the builder of its type reads the constraints there, building nested values
(properties, items) the same way, one level at a time. Every value built, at every level, is
then checked with the validator, which has the last word: where the builder's reading of the
schema falls short (`not`, `if`/`then`/`else`, a `oneOf` whose branches overlap), the candidate
is refused and the next one tried (an example, the default, another branch, another type), or
InstanceError says what could not be satisfied.

Validation is jsonschema's Draft202012Validator, with format checks written here on the standard
library (so that they do not depend on which of jsonschema's optional format packages happen to
be installed). Strings for a `pattern` come from Hypothesis, loaded only when a pattern needs it.
"""

import base64
import datetime
import ipaddress
import itertools
import json
import re
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import partial
from math import ceil, floor, gcd, lcm
from random import Random
from typing import Any, Final, Self, TypeAlias
from urllib.parse import unquote

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError, UnknownType
from jsonschema.protocols import Validator
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

Schema: TypeAlias = Mapping[str, Any] | bool
_Attempt: TypeAlias = Callable[[], Any]


class InstanceError(ValueError):
    """No valid value could be built for a schema (or the schema itself cannot be used)."""


class _TooDeepError(InstanceError):
    """Nesting went past _MAX_DEPTH: a required property or item leads back to its own schema.

    Not retried with other choices on the way back up: every one of them would go as deep."""


# Optional properties and optional array items are included only in values nested less deep
# than this (the top level is 0), so that recursive schemas (a tree's children) end; required
# ones are followed down to _MAX_DEPTH.
_OPTIONAL_DEPTH: Final = 3
_MAX_DEPTH: Final = 32
# How many oneOf/anyOf branches may be chosen one inside another at the same place in a value.
_MAX_BRANCHINGS: Final = 16
# Variants tried for one item of an array whose items must be unique.
_UNIQUE_TRIES: Final = 8
# The validators are kept by schema; a mock server uses a bounded set of schemas, but this
# keeps a long-lived Instances from growing without bound on schemas built at run time.
_VALIDATOR_CACHE_SIZE: Final = 4096

# The document's address inside the validator's registry. A schema being checked is placed at
# _SLOT in a copy of the document, so that its "#/..." references resolve against the document.
_DOCUMENT_URI: Final = "urn:specfirst:mock:openapi-document"
_SLOT: Final = "x-specfirst-mock-schema"


@dataclass(frozen=True)
class _Context:
    """Where a value is being built.

    `where` is its JSON path (for messages), `depth` its nesting, `branchings` the oneOf/anyOf
    branches chosen so far at this place, and `variant` which value is wanted: 0 is the first
    choice; others ask for a different value, for the items of arrays that must be unique.
    """

    where: str = "$"
    depth: int = 0
    variant: int = 0
    branchings: int = 0

    def inside(self, key: str | int) -> Self:
        return replace(self, where=self.where + _path_step(key), depth=self.depth + 1, branchings=0)

    def varied(self, variant: int) -> Self:
        return replace(self, variant=variant)

    def branched(self) -> Self:
        return replace(self, branchings=self.branchings + 1)


class Instances:
    """Valid example values for the schemas of one OpenAPI document (3.1 dialect: JSON Schema
    2020-12)."""

    def __init__(
        self, document: Mapping[str, Any], *, optional_depth: int = _OPTIONAL_DEPTH
    ) -> None:
        """`document` is a whole OpenAPI document as a JSON-compatible dict; every $ref in it is
        local ("#/components/schemas/Pet", JSON pointer with ~0 ~1 escapes). Optional properties
        and items are included in values down to `optional_depth` levels of nesting."""
        # A JSON copy: later changes to the caller's dict cannot reach the cached validators.
        self._document: dict[str, Any] = _json_copy(document)
        self._optional_depth = optional_depth
        self._validators: dict[str, Validator] = {}
        # Strings found for a pattern, by the schema they were checked against (see _matching).
        self._matches: dict[str, list[str]] = {}
        self._no_more_matches: set[str] = set()

    def problems(self, value: Any, schema: Schema) -> list[str]:
        """Why `value` is not valid against `schema` (empty when it is): messages with the path
        inside the value. Local $refs resolve against the document. Formats are checked:
        date-time, date, time, email, uuid, uri, ipv4, ipv6, hostname, and the ranges of int32
        and int64 (unknown formats are ignored).

        Raises InstanceError when the schema itself cannot be used (not a valid schema, or a
        $ref that does not resolve)."""
        validator = self._validator(schema)
        try:
            errors = sorted(validator.iter_errors(value), key=lambda error: error.json_path)
        except (Unresolvable, UnknownType, re.error) as error:
            raise InstanceError(f"the schema cannot be used: {error}") from None
        return [f"{error.json_path}: {error.message}" for error in errors]

    def instance(self, schema: Schema) -> Any:
        """A JSON value valid against `schema`, the same one on every call and every run (no
        randomness, no dependence on hash seeds): the schema's first valid example or default,
        else one built from its constraints, with the optional properties of the top levels.

        Raises InstanceError (a ValueError, naming what could not be satisfied, and where) when
        it cannot build one. The value is checked with `problems` before it is returned."""
        schema = _json_copy(schema)
        value = self._build(schema, _Context())
        # _build checked it already; this is the promise of the method, kept in plain sight.
        found = self.problems(value, schema)
        if found:
            raise InstanceError(f"built {_brief(value)}, which is not valid: {found[0]}")
        # A copy: the value may hold the document's own examples, which must stay as they are.
        return _json_copy(value)

    # Validation.

    def _validator(self, schema: Schema) -> Validator:
        key = _canonical(schema)
        validator = self._validators.get(key)
        if validator is None:
            if len(self._validators) >= _VALIDATOR_CACHE_SIZE:
                self._validators.clear()
            validator = self._validators[key] = self._new_validator(json.loads(key))
        return validator

    def _new_validator(self, schema: Schema) -> Validator:
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as error:
            raise InstanceError(f"not a valid JSON Schema: {error.message}") from None
        document = DRAFT202012.create_resource({**self._document, _SLOT: schema})
        registry: Registry[Any] = Registry().with_resource(_DOCUMENT_URI, document)
        return Draft202012Validator(
            {"$ref": f"{_DOCUMENT_URI}#/{_SLOT}"}, registry=registry, format_checker=_FORMATS
        )

    # Building: every value is checked against its schema; the first valid attempt is kept.

    def _build(self, schema: Schema, ctx: _Context) -> Any:
        """A value valid against `schema`. A variant other than 0 is only a preference: when it
        cannot be had, the first choice is returned (the caller checks for duplicates)."""
        try:
            return self._checked(schema, ctx)
        except _TooDeepError:
            raise
        except InstanceError:
            if ctx.variant == 0:
                raise
            return self._checked(schema, ctx.varied(0))

    def _checked(self, schema: Schema, ctx: _Context) -> Any:
        if ctx.depth > _MAX_DEPTH:
            raise _TooDeepError(
                f"{ctx.where}: nested deeper than {_MAX_DEPTH} levels: a required property or "
                "item leads back to its own schema"
            )
        if ctx.branchings > _MAX_BRANCHINGS:
            raise InstanceError(f"{ctx.where}: oneOf/anyOf branches lead back to themselves")
        failures: list[str] = []
        for attempt in self._attempts(schema, ctx):
            try:
                value = attempt()
            except _TooDeepError:
                raise
            except InstanceError as error:
                failures.append(str(error))
                continue
            found = self.problems(value, schema)
            if not found:
                return value
            failures.append(f"{_brief(value)} is not valid: {_rebased(found[0], ctx.where)}")
        raise InstanceError(_explained(failures, ctx.where))

    def _attempts(self, schema: Schema, ctx: _Context) -> list[_Attempt]:
        """What to try for `schema`, best first (each is checked by the caller)."""
        try:
            flat = self._flatten(schema)
        except InstanceError as error:
            raise InstanceError(f"{ctx.where}: {error}") from None
        # The document's own examples are the most realistic values, but only one value each.
        attempts = _given_values(flat) if ctx.variant == 0 else []
        if "const" in flat:
            return [*attempts, partial(_same, flat["const"])]
        if isinstance(flat.get("enum"), list):
            return [*attempts, *(partial(_same, value) for value in _rotated(flat["enum"], ctx))]
        for keyword in ("oneOf", "anyOf"):
            branches = flat.get(keyword)
            if isinstance(branches, list) and branches:
                ordered = self._ordered(branches, ctx, key=_mentions_ref)
                return [
                    *attempts,
                    *(partial(self._branch, flat, keyword, branch, ctx) for branch in ordered),
                ]
        discriminated = _discriminated(schema, flat)
        if discriminated is not None:
            attempts.append(partial(self._build, discriminated, ctx))
        for kind in self._kinds(flat, ctx):
            attempts.extend(self._kind_attempts(kind, flat, ctx))
        return attempts

    def _branch(self, flat: Mapping[str, Any], keyword: str, branch: Schema, ctx: _Context) -> Any:
        """A value of `flat` through one branch of its oneOf/anyOf: the branch joins the schema's
        allOf (so that an unevaluatedProperties beside the oneOf sees its properties). With a
        discriminator, the discriminating property is set to the value naming the branch."""
        candidate = {key: value for key, value in flat.items() if key != keyword}
        parts = [*_list(candidate.get("allOf")), branch]
        discriminator = flat.get("discriminator")
        ref = branch.get("$ref") if isinstance(branch, Mapping) else None
        if isinstance(discriminator, Mapping) and isinstance(ref, str):
            name = discriminator.get("propertyName")
            if isinstance(name, str):
                parts.append(_with_property(name, _discriminator_value(discriminator, ref)))
        candidate["allOf"] = parts
        return self._build(candidate, ctx.branched())

    def _ordered(
        self, choices: list[Any], ctx: _Context, *, key: Callable[[Any], bool]
    ) -> list[Any]:
        """`choices` in their order, rotated by the variant (unique items take different ones).
        Deep in a value, those that `key` marks as leading further in go last: that is how a
        recursive schema ends (`next: anyOf [Node, null]` takes null)."""
        rotated = _rotated(choices, ctx)
        if ctx.depth < self._optional_depth:
            return rotated
        return sorted(rotated, key=key)

    def _kinds(self, flat: Mapping[str, Any], ctx: _Context) -> list[str]:
        """The JSON types to try: the declared ones (null last), else those the keywords
        suggest, else any (an empty object first, as the simplest realistic value)."""
        declared = flat.get("type")
        if declared is None:
            return _inferred_kinds(flat)
        kinds = (
            [declared]
            if isinstance(declared, str)
            else [k for k in _list(declared) if isinstance(k, str)]
        )
        kinds.sort(key=lambda kind: kind == "null")
        return self._ordered(kinds, ctx.varied(0), key=lambda kind: kind in ("object", "array"))

    def _kind_attempts(self, kind: str, flat: Mapping[str, Any], ctx: _Context) -> list[_Attempt]:
        # A realistic object or array has its optional content too, down to the optional depth;
        # the bare one (required content only) is the fallback when that content does not fit.
        options = (True, False) if ctx.depth < self._optional_depth else (False,)
        match kind:
            case "null":
                return [partial(_same, None)]
            case "boolean":
                return [partial(_same, ctx.variant % 2 == 0)]
            case "integer":
                return [partial(_integer, flat, ctx)]
            case "number":
                return [partial(_number, flat, ctx), partial(_integer, flat, ctx)]
            case "string":
                return [partial(self._string, flat, ctx)]
            case "object":
                return [partial(self._object, flat, ctx, optional=o) for o in options]
            case "array":
                return [partial(self._array, flat, ctx, optional=o) for o in options]
        return [partial(_fail, f"{ctx.where}: unknown type {kind!r}")]

    # Merging $ref and allOf.

    def _flatten(self, schema: Schema, trail: tuple[str, ...] = ()) -> dict[str, Any]:
        """`schema` as one schema object, its $ref and allOf merged in (see _merged). Nested
        schemas (properties, items) stay as they are: each is flattened when its own value is
        built, which is what lets a recursive schema be walked one level at a time."""
        if schema is True:
            return {}
        if schema is False:
            raise InstanceError("the schema is false: no value is valid")
        if not isinstance(schema, Mapping):  # a document that breaks JSON Schema (`items: [...]`)
            raise InstanceError(f"{_brief(schema)} is not a schema")
        own = {key: value for key, value in schema.items() if key not in _NOT_MERGED}
        parts: list[Mapping[str, Any]] = [own]
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref in trail:
                raise InstanceError(f"$ref {ref} leads back to itself through $ref and allOf alone")
            parts.append(self._flatten(self._resolve(ref), (*trail, ref)))
        parts.extend(self._flatten(part, trail) for part in _list(schema.get("allOf")))
        return own if len(parts) == 1 else _merged(parts)

    def _resolve(self, ref: str) -> Schema:
        target: Any = self._document
        for token in _pointer_tokens(ref):
            if isinstance(target, Mapping) and token in target:
                target = target[token]
            elif isinstance(target, list) and token.isdigit() and int(token) < len(target):
                target = target[int(token)]
            else:
                raise InstanceError(f"$ref {ref} does not resolve in the document")
        if not isinstance(target, Mapping | bool):
            raise InstanceError(f"$ref {ref} is not a schema")
        return target

    # Strings.

    def _string(self, flat: Mapping[str, Any], ctx: _Context) -> str:
        """The first valid against all of `flat` of: the format's sample, the word "string"
        (padded or cut to the length bounds: many patterns accept it), and a string found for
        the pattern."""
        fits = self._validator(flat).is_valid
        format_ = flat.get("format")
        sample = _FORMAT_SAMPLES.get(format_) if isinstance(format_, str) else None
        low, high = _count(flat, "minLength", 0), _bound(flat, "maxLength")
        # A few variants, in case a `not` or a residual constraint refuses the first.
        for variant in range(ctx.variant, ctx.variant + 3):
            if sample is not None and fits(text := sample(variant)):
                return text
            plain = _plain_string(low, high, variant)
            if plain is not None and fits(plain):
                return plain
        pattern = flat.get("pattern")
        if isinstance(pattern, str):
            found = self._matching(pattern, flat, ctx.variant)
            if found is not None:
                return found
        wanted = ", ".join(f"{key} {flat[key]!r}" for key in _STRING_KEYWORDS if key in flat)
        raise InstanceError(f"{ctx.where}: found no string with {wanted or 'these constraints'}")

    def _matching(self, pattern: str, flat: Mapping[str, Any], variant: int) -> str | None:
        """The variant-th distinct string found for `pattern` that is valid against `flat`, or
        None. Found strings are kept, so that each search runs once per Instances."""
        key = _canonical(flat)
        found = self._matches.setdefault(key, [])
        fits = self._validator(flat).is_valid
        while len(found) <= variant and key not in self._no_more_matches:
            text = _search_regex(pattern, lambda text: text not in found and fits(text))
            if text is None:
                self._no_more_matches.add(key)
            else:
                found.append(text)
        return found[variant] if variant < len(found) else None

    # Objects.

    def _object(self, flat: Mapping[str, Any], ctx: _Context, *, optional: bool) -> dict[str, Any]:
        """The required properties, and the optional ones (in the schema's order) when `optional`
        and maxProperties leaves room; then more, when minProperties asks for them."""
        properties = _mapping(flat.get("properties"))
        required = list(
            dict.fromkeys(name for name in _list(flat.get("required")) if isinstance(name, str))
        )
        room = _bound(flat, "maxProperties")
        room = sys.maxsize if room is None else room - len(required)
        value: dict[str, Any] = {}
        for name, schema in properties.items():
            if name in required:
                value[name] = self._build(schema, ctx.inside(name))
            elif optional and room > 0 and schema is not False:
                try:
                    value[name] = self._build(schema, ctx.inside(name))
                except InstanceError:
                    continue  # an optional property that cannot be built is left out
                room -= 1
        for name in required:
            if name not in value:
                value[name] = self._build(_property_schema(flat, name), ctx.inside(name))
        self._fill_to_min_properties(value, flat, ctx)
        return value

    def _fill_to_min_properties(
        self, value: dict[str, Any], flat: Mapping[str, Any], ctx: _Context
    ) -> None:
        wanted = _count(flat, "minProperties", 0)
        properties = _mapping(flat.get("properties"))
        for name, schema in properties.items():
            if len(value) >= wanted:
                return
            if name not in value and schema is not False:
                with suppress(InstanceError):
                    value[name] = self._build(schema, ctx.inside(name))
        for name in self._extra_names(flat, value):
            if len(value) >= wanted:
                return
            value[name] = self._build(_property_schema(flat, name), ctx.inside(name))
        if len(value) < wanted:
            raise InstanceError(
                f"{ctx.where}: the schema admits fewer than minProperties {wanted} properties"
            )

    def _extra_names(self, flat: Mapping[str, Any], value: Mapping[str, Any]) -> Iterator[str]:
        """Names for properties beyond the declared ones: property1, property2... where
        additional properties are allowed, else names matching a patternProperties pattern."""
        declared = _mapping(flat.get("properties"))
        closed = (
            flat.get("additionalProperties") is False or flat.get("unevaluatedProperties") is False
        )
        if not closed:
            for number in itertools.count(1):
                name = f"property{number}"
                if name not in value and name not in declared:
                    yield name
        for pattern in _mapping(flat.get("patternProperties")):
            for variant in itertools.count():
                matched = self._matching(pattern, {"type": "string", "pattern": pattern}, variant)
                if matched is None:
                    break
                if matched not in value and matched not in declared:
                    yield matched

    # Arrays.

    def _array(self, flat: Mapping[str, Any], ctx: _Context, *, optional: bool) -> list[Any]:
        """minItems items (more to hold minContains items matching `contains`); when `optional`,
        also every prefixItems item, or one item, as maxItems allows. Unique items are built as
        different variants."""
        unique = flat.get("uniqueItems") is True
        items: list[Any] = []
        for index in range(_item_count(flat, optional=optional)):
            schema = _item_schema(flat, index)
            place = ctx.inside(index)
            items.append(
                self._unique_item(schema, place, index, items)
                if unique
                else self._build(schema, place)
            )
        return items

    def _unique_item(self, schema: Schema, ctx: _Context, index: int, before: list[Any]) -> Any:
        taken = {_canonical(item) for item in before}
        for variant in [*range(index, index + _UNIQUE_TRIES), *range(index)]:
            value = self._build(schema, ctx.varied(variant))
            if _canonical(value) not in taken:
                return value
        raise InstanceError(
            f"{ctx.where}: found no item unlike the {index} before it (uniqueItems)"
        )


# Merging the parts of an allOf (and a $ref's target with the keywords beside it).

# Keywords left out of the merge: locations and the applicators _flatten has already followed.
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


def _merged(parts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One schema object for values valid against every part (parts[0] is the schema's own
    keywords). The keywords the builders read are combined (bounds tightened, types, enums and
    properties intersected); any other keyword met twice is kept in a residual allOf, and
    if/then/else always are: the builders ignore those, the validator does not."""
    merged: dict[str, Any] = {}
    for part in parts:
        conditional = {key: part[key] for key in ("if", "then", "else") if key in part}
        if conditional:
            merged["allOf"] = [*_list(merged.get("allOf")), conditional]
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
            merged["allOf"] = [*_list(merged.get("allOf")), {keyword: value}]
        else:
            merged[keyword] = combine(merged[keyword], value)


def _close_properties(merged: dict[str, Any], parts: Sequence[Mapping[str, Any]]) -> None:
    """A part's additionalProperties (and, for a part other than the schema's own keywords, its
    unevaluatedProperties) applies to the properties that only other parts declare: fold it into
    their schemas, so that a property some part forbids becomes `false` and is left out."""
    properties = dict(_mapping(merged.get("properties")))
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
                    properties[name] = _both(schema, extra)
    if properties:
        merged["properties"] = properties


def _declares(part: Mapping[str, Any], name: str) -> bool:
    patterns = _mapping(part.get("patternProperties"))
    return name in _mapping(part.get("properties")) or any(_searches(p, name) for p in patterns)


def _both(first: Any, second: Any) -> Any:
    """A schema for the values valid against both."""
    if first is True or first == {}:
        return second
    if second is True or second == {} or first == second:
        return first
    if first is False or second is False:
        return False
    return {"allOf": [first, second]}


def _common_types(first: Any, second: Any) -> list[str]:
    theirs = [second] if isinstance(second, str) else _list(second)
    common: list[str] = []
    for kind in [first] if isinstance(first, str) else _list(first):
        if kind in theirs:
            common.append(kind)
        elif kind in ("integer", "number") and ("integer" in theirs or "number" in theirs):
            common.append("integer")  # an integer is a number
    if not common:
        raise InstanceError(f"no type is both {first!r} and {second!r}")
    return list(dict.fromkeys(common))


def _common_values(first: Any, second: Any) -> list[Any]:
    common = [value for value in _list(first) if value in _list(second)]
    if not common:
        raise InstanceError(f"no value is in both enums {first!r} and {second!r}")
    return common


def _named(first: Any, second: Any) -> dict[str, Any]:
    merged = dict(_mapping(first))
    for name, schema in _mapping(second).items():
        merged[name] = _both(merged[name], schema) if name in merged else schema
    return merged


def _prefixes(first: Any, second: Any) -> list[Any]:
    ours, theirs = _list(first), _list(second)
    both = [_both(a, b) for a, b in zip(ours, theirs, strict=False)]
    return both + ours[len(both) :] + theirs[len(both) :]


def _common_multiple(first: Any, second: Any) -> int | float:
    a, b = _exact(first), _exact(second)
    if a is None or b is None or a <= 0 or b <= 0:
        raise InstanceError(f"multipleOf {first!r} and {second!r} cannot be combined")
    multiple = Fraction(lcm(a.numerator, b.numerator), gcd(a.denominator, b.denominator))
    return _json_number(multiple)


_COMBINE: Final[dict[str, Callable[[Any, Any], Any]]] = {
    **dict.fromkeys(
        ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"),
        max,
    ),
    **dict.fromkeys(("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"), min),
    "type": _common_types,
    "enum": _common_values,
    "required": lambda first, second: list(dict.fromkeys([*_list(first), *_list(second)])),
    "properties": _named,
    "patternProperties": _named,
    "items": _both,
    "additionalProperties": _both,
    "unevaluatedProperties": _both,
    "prefixItems": _prefixes,
    "uniqueItems": lambda first, second: first is True or second is True,
    "multipleOf": _common_multiple,
    "allOf": lambda first, second: [*_list(first), *_list(second)],
    # Annotations the builders read: the schema's own (parts[0]), else the first part's.
    **dict.fromkeys(("examples", "default", "example", "discriminator"), lambda first, _: first),
}


# Choosing among the values a schema names.


def _given_values(flat: Mapping[str, Any]) -> list[_Attempt]:
    """The first of `examples`, `default` and the older `example`: each used when valid."""
    given: list[Any] = []
    examples = flat.get("examples")
    if isinstance(examples, list) and examples:
        given.append(examples[0])
    given.extend(flat[keyword] for keyword in ("default", "example") if keyword in flat)
    return [partial(_same, value) for value in given]


def _discriminated(schema: Schema, flat: Mapping[str, Any]) -> dict[str, Any] | None:
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
    return {"allOf": [schema, _with_property(name, _discriminator_value(discriminator, ref))]}


def _discriminator_value(discriminator: Mapping[str, Any], ref: str) -> str:
    """The discriminating property's value that selects the schema at `ref`: its key in the
    mapping, else (OpenAPI's implicit mapping) the schema's name."""
    for key, target in _mapping(discriminator.get("mapping")).items():
        # A bare name in a mapping stands for a schema under components/schemas.
        if isinstance(target, str) and "#" not in target and "/" not in target:
            target = f"#/components/schemas/{target}"
        if target == ref or (isinstance(target, str) and unquote(target) == unquote(ref)):
            return str(key)
    tokens = _pointer_tokens(ref)
    return tokens[-1] if tokens else ref


def _with_property(name: str, value: Any) -> dict[str, Any]:
    return {"properties": {name: {"const": value}}, "required": [name]}


def _rotated(choices: list[Any], ctx: _Context) -> list[Any]:
    start = ctx.variant % len(choices) if choices else 0
    return choices[start:] + choices[:start]


def _mentions_ref(schema: Any) -> bool:
    return '"$ref"' in _canonical(schema)


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


def _inferred_kinds(flat: Mapping[str, Any]) -> list[str]:
    kinds = [kind for kind, hints in _KIND_HINTS.items() if not hints.isdisjoint(flat)]
    format_ = flat.get("format")
    if format_ in _NUMBER_FORMATS:
        kinds.insert(0, _NUMBER_FORMATS[format_])
    elif format_ in _FORMAT_SAMPLES:
        kinds.insert(0, "string")
    return list(dict.fromkeys(kinds)) or list(_ANY_KINDS)


# Numbers.


@dataclass(frozen=True)
class _Range:
    """Where a number may lie: exact bounds (None: unbounded), each inclusive or not."""

    low: Fraction | None = None
    low_open: bool = False
    high: Fraction | None = None
    high_open: bool = False

    def holds(self, number: Fraction) -> bool:
        above = self.low is None or number > self.low or (number == self.low and not self.low_open)
        below = (
            self.high is None or number < self.high or (number == self.high and not self.high_open)
        )
        return above and below

    def integers(self) -> tuple[int | None, int | None]:
        """The least and greatest integers inside."""
        low = high = None
        if self.low is not None:
            low = floor(self.low) + 1 if self.low_open else ceil(self.low)
        if self.high is not None:
            high = ceil(self.high) - 1 if self.high_open else floor(self.high)
        return low, high


_FLOAT32_MAX: Final = Fraction(3.4028234663852886e38)
_FORMAT_RANGES: Final[dict[str, tuple[Fraction, Fraction]]] = {
    "int32": (Fraction(-(2**31)), Fraction(2**31 - 1)),
    "int64": (Fraction(-(2**63)), Fraction(2**63 - 1)),
    "float": (-_FLOAT32_MAX, _FLOAT32_MAX),
}


def _number_range(flat: Mapping[str, Any]) -> _Range:
    """minimum, exclusiveMinimum (a number, in 2020-12), their upper twins, and the range of an
    OpenAPI number format, the tightest of each side."""
    lows: list[tuple[Fraction, bool]] = []
    highs: list[tuple[Fraction, bool]] = []
    for keyword, sides, is_open in (
        ("minimum", lows, False),
        ("exclusiveMinimum", lows, True),
        ("maximum", highs, False),
        ("exclusiveMaximum", highs, True),
    ):
        bound = _exact(flat.get(keyword))
        if bound is not None:
            sides.append((bound, is_open))
    format_ = flat.get("format")
    format_range = _FORMAT_RANGES.get(format_) if isinstance(format_, str) else None
    if format_range is not None:
        lows.append((format_range[0], False))
        highs.append((format_range[1], False))
    # At equal bounds the open one is the tighter.
    low, low_open = max(lows, key=lambda side: side) if lows else (None, False)
    high, high_open = (
        min(highs, key=lambda side: (side[0], not side[1])) if highs else (None, False)
    )
    return _Range(low, low_open, high, high_open)


def _integer(flat: Mapping[str, Any], ctx: _Context) -> int:
    """An integer in range that is a multiple of multipleOf: 1 when allowed (a realistic count
    or id), else the allowed one nearest to it; variants step away from it."""
    low, high = _number_range(flat).integers()
    multiple = _exact(flat.get("multipleOf"))
    # The integer multiples of p/q (in lowest terms) are the multiples of p.
    step = multiple.numerator if multiple is not None and multiple > 0 else 1
    return _pick_integer(low, high, step, ctx)


def _pick_integer(low: int | None, high: int | None, step: int, ctx: _Context) -> int:
    preferred = 1
    if low is not None:
        preferred = max(preferred, low)
    if high is not None:
        preferred = min(preferred, high)
    first = -(-preferred // step) * step  # the first multiple at or above
    if high is not None and first > high:
        first = preferred // step * step  # the last multiple at or below
    if (low is not None and first < low) or (high is not None and first > high):
        multiple = f" that is a multiple of {step}" if step != 1 else ""
        raise InstanceError(f"{ctx.where}: no integer from {low} to {high}{multiple}")
    for candidate in (first + ctx.variant * step, first - ctx.variant * step):
        if (low is None or candidate >= low) and (high is None or candidate <= high):
            return candidate
    raise InstanceError(f"{ctx.where}: fewer than {ctx.variant + 1} integers from {low} to {high}")


def _number(flat: Mapping[str, Any], ctx: _Context) -> int | float:
    """A number in range: a multiple of multipleOf when there is one, else preferably one with
    a fraction (1.5), which also tells it from the integers of a sibling branch."""
    bounds = _number_range(flat)
    multiple = _exact(flat.get("multipleOf"))
    if multiple is not None and multiple > 0:
        # Pick k for k * multiple, as an integer in the range divided by the multiple.
        scaled = _Range(
            None if bounds.low is None else bounds.low / multiple,
            bounds.low_open,
            None if bounds.high is None else bounds.high / multiple,
            bounds.high_open,
        )
        return _json_number(_pick_integer(*scaled.integers(), 1, ctx) * multiple)
    return float(_pick_fraction(bounds, ctx))


def _pick_fraction(bounds: _Range, ctx: _Context) -> Fraction:
    """1.5 (2.5, ... for other variants) when in range, else as far inside the nearer bound,
    else (a narrow range) a point inside: the middle, a third, a quarter..."""
    low, high = bounds.low, bounds.high
    if low is not None and high is not None:
        if low > high or (low == high and (bounds.low_open or bounds.high_open)):
            raise InstanceError(f"{ctx.where}: no number between {float(low)} and {float(high)}")
        if low == high:
            if ctx.variant:
                raise InstanceError(f"{ctx.where}: {float(low)} is the only number allowed")
            return low
    offset = Fraction(3, 2) + ctx.variant
    for candidate in (
        offset,
        None if low is None else low + offset,
        None if high is None else high - offset,
    ):
        if candidate is not None and bounds.holds(candidate):
            return candidate
    if low is not None and high is not None:  # a range narrower than the offset
        return low + (high - low) / (ctx.variant + 2)
    raise InstanceError(f"{ctx.where}: found no number in range")  # not reached: see above


def _exact(number: Any) -> Fraction | None:
    """A JSON number as an exact fraction, decimals as written (0.1 is 1/10)."""
    if isinstance(number, bool) or not isinstance(number, int | float):
        return None
    return Fraction(number) if isinstance(number, int) else Fraction(repr(number))


def _json_number(number: Fraction) -> int | float:
    return int(number) if number.denominator == 1 else float(number)


# Strings.

_STRING_KEYWORDS: Final = ("minLength", "maxLength", "pattern", "format")


def _suffix(variant: int) -> str:
    return str(variant) if variant else ""


def _day(variant: int) -> datetime.date:
    return datetime.date(2024, 1, 1) + datetime.timedelta(days=variant)


def _clock(variant: int) -> str:
    return (datetime.datetime(2024, 1, 1) + datetime.timedelta(seconds=variant)).time().isoformat()


_UUID_SAMPLE: Final = uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6")

# Each format's sample value, and different ones for other variants.
_FORMAT_SAMPLES: Final[dict[str, Callable[[int], str]]] = {
    "date-time": lambda n: f"{_day(n).isoformat()}T00:00:00Z",
    "date": lambda n: _day(n).isoformat(),
    "time": lambda n: f"{_clock(n)}Z",
    "duration": lambda n: f"P{n + 1}D",
    "email": lambda n: f"user{_suffix(n)}@example.com",
    "idn-email": lambda n: f"user{_suffix(n)}@example.com",
    "uuid": lambda n: str(uuid.UUID(int=_UUID_SAMPLE.int + n)),
    "uri": lambda n: f"https://example.com/{_suffix(n)}",
    "iri": lambda n: f"https://example.com/{_suffix(n)}",
    "uri-reference": lambda n: f"https://example.com/{_suffix(n)}",
    "iri-reference": lambda n: f"https://example.com/{_suffix(n)}",
    "hostname": lambda n: f"{f'host{n}.' if n else ''}example.com",
    "idn-hostname": lambda n: f"{f'host{n}.' if n else ''}example.com",
    "ipv4": lambda n: str(ipaddress.IPv4Address("192.0.2.1") + n),  # TEST-NET-1, RFC 5737
    "ipv6": lambda n: str(ipaddress.IPv6Address("2001:db8::1") + n),  # documentation, RFC 3849
    "byte": lambda n: base64.b64encode(f"example{_suffix(n)}".encode()).decode(),
    "binary": lambda n: f"binary{_suffix(n)}",
    "password": lambda n: f"password{_suffix(n)}",
    "json-pointer": lambda n: f"/example{_suffix(n)}",
    "regex": lambda n: f"^example{_suffix(n)}$",
}


def _plain_string(low: int, high: int | None, variant: int) -> str | None:
    """The word "string" (then "string1", ...), padded with x to minLength; when maxLength is
    shorter, its start ("str") or, for other variants, short words of letters. None when no
    length fits."""
    text = "string" + _suffix(variant)
    text += "x" * (low - len(text))
    if high is None or len(text) <= high:
        return text
    if variant == 0 and low <= high:
        return text[:high]
    for length in range(low, high + 1):
        if variant < 26**length:
            letters = []
            for _ in range(length):
                variant, letter = divmod(variant, 26)
                letters.append(chr(ord("a") + letter))
            return "".join(reversed(letters))
        variant -= 26**length
    return None


def _search_regex(pattern: str, accept: Callable[[str], bool]) -> str | None:
    """The simplest string that fully matches `pattern` and that `accept` takes, or None.

    Hypothesis draws matching strings with a fixed seed until one is accepted, then shrinks it
    to a minimal one: a canonical answer, the same on every run (and the shortest, so the
    simplest example). Printable ASCII is tried first, for readable examples, then any character.
    Hypothesis keeps caches (Unicode tables, constants) in .hypothesis/ in the working directory
    (HYPOTHESIS_STORAGE_DIRECTORY moves it); no examples are saved there.
    """
    # Imported here: Hypothesis is heavy to import, and only patterns need it.
    from hypothesis import Phase, Verbosity, find, settings, strategies
    from hypothesis.errors import HypothesisException

    search = settings(
        database=None,  # nothing is saved
        deadline=None,
        max_examples=500,
        phases=(Phase.generate, Phase.shrink),
        verbosity=Verbosity.quiet,
        derandomize=False,  # the seed is given below; no profile may change this
        backend="hypothesis",
        print_blob=False,
    )
    printable = strategies.characters(min_codepoint=0x20, max_codepoint=0x7E)
    for alphabet in (printable, None):
        try:
            strings = strategies.from_regex(pattern, fullmatch=True, alphabet=alphabet)
            return find(strings, accept, settings=search, random=Random(0))
        except (HypothesisException, re.error):
            continue  # no accepted match (with this alphabet), or not a pattern Python reads
    return None


def _searches(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


# Objects and arrays.


def _property_schema(flat: Mapping[str, Any], name: str) -> Schema:
    """What a property `name` must satisfy: its declared schema and every patternProperties
    schema whose pattern matches, else additionalProperties."""
    declared = _mapping(flat.get("properties"))
    parts = [
        schema
        for pattern, schema in _mapping(flat.get("patternProperties")).items()
        if _searches(pattern, name)
    ]
    if name in declared:
        parts.insert(0, declared[name])
    elif not parts:
        parts = [flat.get("additionalProperties", True)]
    return parts[0] if len(parts) == 1 else {"allOf": parts}


def _item_count(flat: Mapping[str, Any], *, optional: bool) -> int:
    prefix = _list(flat.get("prefixItems"))
    wanted = _count(flat, "minItems", 0)
    if "contains" in flat:
        wanted = max(wanted, _count(flat, "minContains", 1))
    if optional:
        wanted = max(wanted, len(prefix) or (0 if flat.get("items") is False else 1))
    high = _bound(flat, "maxItems")
    if high is not None and wanted > high:
        # Not below minItems: the validator will say why that cannot be.
        wanted = max(high, _count(flat, "minItems", 0))
    return wanted


def _item_schema(flat: Mapping[str, Any], index: int) -> Schema:
    """The schema of item `index`: its prefixItems schema, else `items`; the first minContains
    items also satisfy `contains` (best effort: maxContains is left to the validator)."""
    prefix = _list(flat.get("prefixItems"))
    schema: Schema = prefix[index] if index < len(prefix) else flat.get("items", True)
    if "contains" in flat and index < _count(flat, "minContains", 1):
        schema = _both(schema, flat["contains"])
    return schema


# Format checks (jsonschema's FormatChecker calls them with values of every type).

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(
    r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:[Zz]|[+-]([0-9]{2}):([0-9]{2}))"
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
# RFC 3986: a scheme, a colon, and no character a URI cannot hold.
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s\"<>\\^`{|}]*")
_HOSTNAME_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def _is_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_time(text: str) -> bool:
    """RFC 3339's full-time: the offset is required (23:59:60 allowed for a leap second)."""
    match = _TIME.fullmatch(text)
    if match is None:
        return False
    hour, minute, second, offset_hours, offset_minutes = (
        int(group or 0) for group in match.groups()
    )
    return (
        hour <= 23 and minute <= 59 and second <= 60 and offset_hours <= 23 and offset_minutes <= 59
    )


def _is_date_time(text: str) -> bool:
    return len(text) > 11 and text[10] in "Tt" and _is_date(text[:10]) and _is_time(text[11:])


def _is_ip(version: type[ipaddress.IPv4Address | ipaddress.IPv6Address], text: str) -> bool:
    if "%" in text:  # a zone index is no part of the format
        return False
    try:
        version(text)
    except ValueError:
        return False
    return True


def _is_hostname(text: str) -> bool:
    name = text.removesuffix(".")
    return 0 < len(name) <= 253 and all(
        _HOSTNAME_LABEL.fullmatch(label) for label in name.split(".")
    )


def _for_strings(check: Callable[[str], bool]) -> Callable[[object], bool]:
    return lambda value: not isinstance(value, str) or check(value)


def _within(low: int, high: int) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return True
        return low <= value <= high

    return check


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checks: dict[str, Callable[[object], bool]] = {
        "date-time": _for_strings(_is_date_time),
        "date": _for_strings(_is_date),
        "time": _for_strings(_is_time),
        "email": _for_strings(lambda text: _EMAIL.fullmatch(text) is not None),
        "uuid": _for_strings(lambda text: _UUID.fullmatch(text) is not None),
        "uri": _for_strings(lambda text: _URI.fullmatch(text) is not None),
        "ipv4": _for_strings(partial(_is_ip, ipaddress.IPv4Address)),
        "ipv6": _for_strings(partial(_is_ip, ipaddress.IPv6Address)),
        "hostname": _for_strings(_is_hostname),
        "int32": _within(-(2**31), 2**31 - 1),
        "int64": _within(-(2**63), 2**63 - 1),
    }
    for name, check in checks.items():
        checker.checks(name)(check)
    return checker


_FORMATS: Final = _format_checker()


# Small helpers.


def _same(value: Any) -> Any:
    return value


def _fail(message: str) -> Any:
    raise InstanceError(message)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _bound(flat: Mapping[str, Any], keyword: str) -> int | None:
    value = flat.get(keyword)
    return None if isinstance(value, bool) or not isinstance(value, int) else value


def _count(flat: Mapping[str, Any], keyword: str, default: int) -> int:
    value = _bound(flat, keyword)
    return default if value is None else value


def _pointer_tokens(ref: str) -> list[str]:
    """The reference tokens of a local $ref ("#/components/schemas/Pet")."""
    if not ref.startswith("#"):
        raise InstanceError(f"$ref {ref} is not local to the document")
    pointer = unquote(ref[1:])
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise InstanceError(f"$ref {ref} is not a JSON pointer (anchors are not supported)")
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]


def _json_copy(value: Any) -> Any:
    """A copy of `value` made of plain JSON types (dicts in their order, lists, ...)."""
    return json.loads(json.dumps(value, default=_plain))


def _canonical(value: Any) -> str:
    """`value` as JSON text with sorted keys: the same text for equal values."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=_plain)


def _plain(value: object) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    # YAML loaders read an unquoted timestamp in an example as a date.
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def _path_step(key: str | int) -> str:
    """One step of a JSON path, written as jsonschema writes them in its messages."""
    if isinstance(key, int):
        return f"[{key}]"
    if re.fullmatch(r"[a-zA-Z][a-zA-Z0-9_]*", key):
        return f".{key}"
    return "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']"


def _brief(value: Any) -> str:
    text = _canonical(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _rebased(message: str, where: str) -> str:
    """A problem found in a value built at `where`, its path made absolute ("$.a" in the value
    built at "$.pet" is "$.pet.a")."""
    return where + message[1:] if message.startswith("$") else message


def _explained(failures: list[str], where: str) -> str:
    distinct = list(dict.fromkeys(failures))
    if not distinct:
        return f"{where}: nothing to try"
    shown = "; ".join(distinct[:3])
    return shown if len(distinct) <= 3 else f"{shown}; and {len(distinct) - 3} more"
