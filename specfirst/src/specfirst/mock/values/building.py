"""The builder: for a schema, the candidate values worth trying, best first, each checked with
the validator and the first valid one kept; objects and arrays built member by member the same
way."""

import itertools
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from functools import partial
from typing import Any, Final

from specfirst.mock.values.choices import (
    discriminated,
    discriminator_value,
    given_values,
    inferred_kinds,
    mentions_ref,
    rotated,
    same,
    with_property,
)
from specfirst.mock.values.context import (
    Attempt,
    Context,
    InstanceError,
    Schema,
    TooDeepError,
)
from specfirst.mock.values.jsonvalues import brief, canonical, json_copy
from specfirst.mock.values.keywords import bound, count, listed, mapping
from specfirst.mock.values.members import item_count, item_schema, property_schema
from specfirst.mock.values.merging import flatten
from specfirst.mock.values.numbers import integer, number
from specfirst.mock.values.strings import Strings
from specfirst.mock.values.validation import Validation

# Optional properties and optional array items are included only in values nested less deep
# than this (the top level is 0), so that recursive schemas (a tree's children) end; required
# ones are followed down to _MAX_DEPTH.
_OPTIONAL_DEPTH: Final = 3
_MAX_DEPTH: Final = 32
# How many oneOf/anyOf branches may be chosen one inside another at the same place in a value.
_MAX_BRANCHINGS: Final = 16
# Variants tried for one item of an array whose items must be unique.
_UNIQUE_TRIES: Final = 8


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
        self._document: dict[str, Any] = json_copy(document)
        self._optional_depth = optional_depth
        self._validation = Validation(self._document)
        self._strings = Strings(self._validation)

    def problems(self, value: Any, schema: Schema) -> list[str]:
        """Why `value` is not valid against `schema` (empty when it is): messages with the path
        inside the value. Local $refs resolve against the document. Formats are checked, those of
        JSON Schema 2020-12 (date-time, date, time, email, uuid, uri, ipv4, ipv6, hostname...)
        and of OpenAPI 3.1 (the ranges of int32 and int64); unknown formats are ignored.

        Raises InstanceError when the schema itself cannot be used (not a valid schema, or a
        $ref that does not resolve)."""
        return self._validation.problems(value, schema)

    def instance(self, schema: Schema) -> Any:
        """A JSON value valid against `schema`, the same one on every call and every run (no
        randomness, no dependence on hash seeds): the schema's first valid example or default,
        else one built from its constraints, with the optional properties of the top levels.

        Raises InstanceError (a ValueError, naming what could not be satisfied, and where) when
        it cannot build one. The value is checked with `problems` before it is returned."""
        schema = json_copy(schema)
        value = self._build(schema, Context())
        # _build checked it already; this is the promise of the method, kept in plain sight.
        found = self.problems(value, schema)
        if found:
            raise InstanceError(f"built {brief(value)}, which is not valid: {found[0]}")
        # A copy: the value may hold the document's own examples, which must stay as they are.
        return json_copy(value)

    # Trying candidates: every value is checked against its schema; the first valid one is kept.

    def _build(self, schema: Schema, ctx: Context) -> Any:
        """A value valid against `schema`. A variant other than 0 is only a preference: when it
        cannot be had, the first choice is returned (the caller checks for duplicates)."""
        try:
            return self._checked(schema, ctx)
        except TooDeepError:
            raise
        except InstanceError:
            if ctx.variant == 0:
                raise
            return self._checked(schema, ctx.varied(0))

    def _checked(self, schema: Schema, ctx: Context) -> Any:
        if ctx.depth > _MAX_DEPTH:
            raise TooDeepError(
                f"{ctx.where}: nested deeper than {_MAX_DEPTH} levels: a required property or "
                "item leads back to its own schema"
            )
        if ctx.branchings > _MAX_BRANCHINGS:
            raise InstanceError(f"{ctx.where}: oneOf/anyOf branches lead back to themselves")
        failures: list[str] = []
        for attempt in self._attempts(schema, ctx):
            try:
                value = attempt()
            except TooDeepError:
                raise
            except InstanceError as error:
                failures.append(str(error))
                continue
            found = self.problems(value, schema)
            if not found:
                return value
            failures.append(f"{brief(value)} is not valid: {_rebased(found[0], ctx.where)}")
        raise InstanceError(_explained(failures, ctx.where))

    def _attempts(self, schema: Schema, ctx: Context) -> list[Attempt]:
        """What to try for `schema`, best first (each is checked by the caller)."""
        try:
            flat = flatten(self._document, schema)
        except InstanceError as error:
            raise InstanceError(f"{ctx.where}: {error}") from None
        # The document's own examples are the most realistic values, but only one value each.
        attempts = given_values(flat) if ctx.variant == 0 else []
        if "const" in flat:
            return [*attempts, partial(same, flat["const"])]
        if isinstance(flat.get("enum"), list):
            return [*attempts, *(partial(same, value) for value in rotated(flat["enum"], ctx))]
        for keyword in ("oneOf", "anyOf"):
            branches = flat.get(keyword)
            if isinstance(branches, list) and branches:
                ordered = self._ordered(branches, ctx, key=mentions_ref)
                return [
                    *attempts,
                    *(partial(self._branch, flat, keyword, branch, ctx) for branch in ordered),
                ]
        subtype = discriminated(schema, flat)
        if subtype is not None:
            attempts.append(partial(self._build, subtype, ctx))
        for kind in self._kinds(flat, ctx):
            attempts.extend(self._kind_attempts(kind, flat, ctx))
        return attempts

    def _branch(self, flat: Mapping[str, Any], keyword: str, branch: Schema, ctx: Context) -> Any:
        """A value of `flat` through one branch of its oneOf/anyOf: the branch joins the schema's
        allOf (so that an unevaluatedProperties beside the oneOf sees its properties). With a
        discriminator, the discriminating property is set to the value naming the branch."""
        candidate = {key: value for key, value in flat.items() if key != keyword}
        parts = [*listed(candidate.get("allOf")), branch]
        discriminator = flat.get("discriminator")
        ref = branch.get("$ref") if isinstance(branch, Mapping) else None
        if isinstance(discriminator, Mapping) and isinstance(ref, str):
            name = discriminator.get("propertyName")
            if isinstance(name, str):
                parts.append(with_property(name, discriminator_value(discriminator, ref)))
        candidate["allOf"] = parts
        return self._build(candidate, ctx.branched())

    def _ordered(
        self, choices: list[Any], ctx: Context, *, key: Callable[[Any], bool]
    ) -> list[Any]:
        """`choices` in their order, rotated by the variant (unique items take different ones).
        Deep in a value, those that `key` marks as leading further in go last: that is how a
        recursive schema ends (`next: anyOf [Node, null]` takes null)."""
        choices = rotated(choices, ctx)
        if ctx.depth < self._optional_depth:
            return choices
        return sorted(choices, key=key)

    def _kinds(self, flat: Mapping[str, Any], ctx: Context) -> list[str]:
        """The JSON types to try: the declared ones (null last), else those the keywords
        suggest (see inferred_kinds)."""
        declared = flat.get("type")
        if declared is None:
            return inferred_kinds(flat)
        kinds = (
            [declared]
            if isinstance(declared, str)
            else [k for k in listed(declared) if isinstance(k, str)]
        )
        kinds.sort(key=lambda kind: kind == "null")
        return self._ordered(kinds, ctx.varied(0), key=lambda kind: kind in ("object", "array"))

    def _kind_attempts(self, kind: str, flat: Mapping[str, Any], ctx: Context) -> list[Attempt]:
        # A realistic object or array has its optional content too, down to the optional depth;
        # the bare one (required content only) is the fallback when that content does not fit.
        options = (True, False) if ctx.depth < self._optional_depth else (False,)
        match kind:
            case "null":
                return [partial(same, None)]
            case "boolean":
                return [partial(same, ctx.variant % 2 == 0)]
            case "integer":
                return [partial(integer, flat, ctx)]
            case "number":
                return [partial(number, flat, ctx), partial(integer, flat, ctx)]
            case "string":
                return [partial(self._strings.string, flat, ctx)]
            case "object":
                return [partial(self._object, flat, ctx, optional=o) for o in options]
            case "array":
                return [partial(self._array, flat, ctx, optional=o) for o in options]
        return [partial(_fail, f"{ctx.where}: unknown type {kind!r}")]

    # Objects.

    def _object(self, flat: Mapping[str, Any], ctx: Context, *, optional: bool) -> dict[str, Any]:
        """The required properties, and the optional ones (in the schema's order) when `optional`
        and maxProperties leaves room; then more, when minProperties asks for them."""
        properties = mapping(flat.get("properties"))
        required = list(
            dict.fromkeys(name for name in listed(flat.get("required")) if isinstance(name, str))
        )
        room = bound(flat, "maxProperties")
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
                value[name] = self._build(property_schema(flat, name), ctx.inside(name))
        self._fill_to_min_properties(value, flat, ctx)
        return value

    def _fill_to_min_properties(
        self, value: dict[str, Any], flat: Mapping[str, Any], ctx: Context
    ) -> None:
        wanted = count(flat, "minProperties", 0)
        properties = mapping(flat.get("properties"))
        for name, schema in properties.items():
            if len(value) >= wanted:
                return
            if name not in value and schema is not False:
                with suppress(InstanceError):
                    value[name] = self._build(schema, ctx.inside(name))
        for name in self._extra_names(flat, value):
            if len(value) >= wanted:
                return
            value[name] = self._build(property_schema(flat, name), ctx.inside(name))
        if len(value) < wanted:
            raise InstanceError(
                f"{ctx.where}: the schema admits fewer than minProperties {wanted} properties"
            )

    def _extra_names(self, flat: Mapping[str, Any], value: Mapping[str, Any]) -> Iterator[str]:
        """Names for properties beyond the declared ones: property1, property2... where
        additional properties are allowed, else names matching a patternProperties pattern."""
        declared = mapping(flat.get("properties"))
        closed = (
            flat.get("additionalProperties") is False or flat.get("unevaluatedProperties") is False
        )
        if not closed:
            for serial in itertools.count(1):
                name = f"property{serial}"
                if name not in value and name not in declared:
                    yield name
        for pattern in mapping(flat.get("patternProperties")):
            name_schema = {"type": "string", "pattern": pattern}
            for variant in itertools.count():
                matched = self._strings.matching(pattern, name_schema, variant)
                if matched is None:
                    break
                if matched not in value and matched not in declared:
                    yield matched

    # Arrays.

    def _array(self, flat: Mapping[str, Any], ctx: Context, *, optional: bool) -> list[Any]:
        """The items item_count asks for, each built against its item_schema; unique items are
        built as different variants."""
        unique = flat.get("uniqueItems") is True
        items: list[Any] = []
        for index in range(item_count(flat, optional=optional)):
            schema = item_schema(flat, index)
            place = ctx.inside(index)
            items.append(
                self._unique_item(schema, place, index, items)
                if unique
                else self._build(schema, place)
            )
        return items

    def _unique_item(self, schema: Schema, ctx: Context, index: int, before: list[Any]) -> Any:
        taken = {canonical(item) for item in before}
        for variant in [*range(index, index + _UNIQUE_TRIES), *range(index)]:
            value = self._build(schema, ctx.varied(variant))
            if canonical(value) not in taken:
                return value
        raise InstanceError(
            f"{ctx.where}: found no item unlike the {index} before it (uniqueItems)"
        )


def _fail(message: str) -> Any:
    raise InstanceError(message)


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
