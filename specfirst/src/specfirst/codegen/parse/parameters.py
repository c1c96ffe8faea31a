"""An operation's parameters: where each is, how it is written, and its Python type."""

from collections.abc import Mapping
from typing import Any, Final

from specfirst.codegen.model import Parameter, SpecError
from specfirst.codegen.naming import RESERVED_ARGUMENTS, python_name
from specfirst.codegen.parse.reading import Reading
from specfirst.codegen.typable import allows
from specfirst.codegen.walking import component_name
from specfirst.runtime import media
from specfirst.runtime.formats import FORMAT_TYPES
from specfirst.runtime.pointers import escape
from specfirst.runtime.shapes import OBJECT, shape

# OpenAPI: header parameters with these names are ignored (the request's own fields).
IGNORED_HEADER_PARAMETERS: Final = frozenset({"accept", "content-type", "authorization"})
SCALAR_TYPES: Final = {"integer": "int", "number": "float", "string": "str", "boolean": "bool"}
_CONSTRAINT_KEYWORDS: Final = {
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
}


def parameters(
    reading: Reading, where: str, path_item: Mapping[str, Any], operation: Mapping[str, Any]
) -> tuple[Parameter, ...]:
    """The operation's parameters, those of its path item included (its own override them),
    required ones first."""
    merged: dict[tuple[str, str], Mapping[str, Any]] = {}
    for node in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
        parameter = reading.resolve(node)
        if parameter.get("in") == "header" and (
            str(parameter.get("name", "")).lower() in IGNORED_HEADER_PARAMETERS
        ):
            continue
        merged[(parameter["name"], parameter["in"])] = parameter
    parsed: list[Parameter] = []
    taken = set(RESERVED_ARGUMENTS)
    for parameter in merged.values():
        parsed.append(_parameter(reading, where, parameter, taken))
        taken.add(parsed[-1].python_name)
    # Required before optional, so the generated signatures need no keyword gymnastics.
    return tuple(sorted(parsed, key=lambda p: (not p.required, p.location != "path")))


def _parameter(
    reading: Reading, where: str, parameter: Mapping[str, Any], taken: set[str]
) -> Parameter:
    name, location = str(parameter["name"]), str(parameter["in"])
    here = f"{where}/parameters/{escape(name)}"
    # Its location and style are among OpenAPI's: the OpenAPI schema checked (validate.py).
    style = parameter.get("style")
    content = None
    schema = parameter.get("schema", {})
    if "content" in parameter:
        [(content, item)] = parameter["content"].items()
        schema = item.get("schema", {}) if isinstance(item, Mapping) else {}
        if media.kind(content) != media.JSON:
            # Text as it is (`text/plain`): a string, whatever the schema says of it.
            content, schema = None, {"type": "string"}
    python_type, nullable = _value_type(reading, here, schema, json=content is not None)
    resolved = reading.resolve(schema)
    # A union's bounds are its alternatives' own (_union).
    union = bool(resolved.get("anyOf") or resolved.get("oneOf"))
    required = bool(parameter.get("required", False)) or location == "path"
    default = None if "default" not in resolved or required else repr(resolved["default"])
    if default is not None and not allows(resolved, resolved["default"], reading.document):
        reading.warnings.append(
            f"{here}: default {resolved['default']!r} is not a value the schema allows: left out"
        )
        default = None
    if not required and default is None:
        python_type, default = f"{python_type} | None", "None"
    elif nullable:
        python_type = f"{python_type} | None"
    python = _free_name(
        reading, here, python_name(name, prefix="p", reserved=RESERVED_ARGUMENTS), location, taken
    )
    return Parameter(
        name=name,
        python_name=python,
        location=location,
        required=required,
        python_type=python_type,
        default=default,
        constraints=() if union else constraints(resolved),
        style=style,
        explode=parameter.get("explode"),
        content=content,
    )


def _free_name(reading: Reading, where: str, python: str, location: str, taken: set[str]) -> str:
    """`python`, or where another parameter has that name, the name with its location
    (`id_query`), then numbered (`id_query2`); a rename is a warning."""
    if python not in taken:
        return python
    candidate, number = f"{python}_{location}", 1
    while candidate in taken:
        number += 1
        candidate = f"{python}_{location}{number}"
    reading.warnings.append(f"{where}: named {candidate}: {python} is another parameter's")
    return candidate


def _value_type(reading: Reading, where: str, schema: Any, *, json: bool) -> tuple[str, bool]:
    """The Python type of a parameter's value (scalar, array, object, or one of several), and
    whether it may be null. `json`: the value is a JSON document (a `content` parameter)."""
    model = component_name(schema)
    if model is not None:
        target = reading.resolve(schema)
        if shape(target) == OBJECT:
            return f"models.{model}", False
        schema = target
    schema = reading.resolve(schema) if isinstance(schema, Mapping) else {}
    alternatives = [*schema.get("anyOf", []), *schema.get("oneOf", [])]
    if alternatives:
        return _union(reading, where, alternatives, json=json)
    if schema.get("enum") == []:
        reading.warnings.append(f"{where}/schema: `enum: []` allows no value: read without it")
        schema = {key: value for key, value in schema.items() if key != "enum"}
    members = schema.get("allOf")
    if isinstance(members, list) and len(members) == 1:
        # `allOf` of one schema, beside what it says itself (`type: string`): that schema.
        return _value_type(reading, f"{where}/allOf/0", members[0], json=json)
    kinds = schema.get("type")
    kind_list = kinds if isinstance(kinds, list) else [kinds]
    nullable = "null" in kind_list
    named = [k for k in kind_list if k not in (None, "null")]
    if "enum" in schema:
        values = ", ".join(repr(v) for v in schema["enum"] if v is not None)
        return f"Literal[{values}]", nullable or None in schema["enum"]
    if len(named) > 1:  # `type: [string, integer]`: one of the types
        types = [_value_type(reading, where, {**schema, "type": k}, json=json)[0] for k in named]
        return " | ".join(dict.fromkeys(types)), nullable
    kind = named[0] if named else None
    if kind == "array":
        items = schema.get("items", {})
        item_type, item_nullable = _value_type(reading, f"{where}/items", items, json=json)
        item_type = f"{item_type} | None" if item_nullable else item_type
        return f"list[{_constrained(item_type, reading.resolve(items))}]", nullable
    if shape(schema) == OBJECT:
        extra = schema.get("additionalProperties", True)
        if schema.get("properties"):
            # normalize.py names every inline object parameter: this one is deeper (an item).
            raise SpecError(f"{where}/schema: an object parameter needs a named schema")
        if isinstance(extra, Mapping):
            value_type, _ = _value_type(reading, f"{where}/additionalProperties", extra, json=json)
            return f"dict[str, {value_type}]", nullable
        return "dict[str, JsonValue]", nullable
    if kind is None:
        read_as = "any JSON value" if json else "a string"
        reading.warnings.append(f"{where}/schema: a parameter of no type: read as {read_as}")
        return "JsonValue" if json else "str", nullable
    if kind not in SCALAR_TYPES:
        raise SpecError(f"{where}/schema: a parameter of type {kind!r}")
    if kind == "string" and (typed := FORMAT_TYPES.get(str(schema.get("format")))) is not None:
        return typed.rsplit(".", 1)[1], nullable
    return SCALAR_TYPES[kind], nullable


def _union(
    reading: Reading, where: str, alternatives: list[Any], *, json: bool
) -> tuple[str, bool]:
    """The type of a value of one of several schemas: the union of theirs, each with its own
    bounds, in the spec's order (the binding tries them in it); null is `None`."""
    branches = [b for b in alternatives if not _is_null(reading.resolve(b))]
    types: list[str] = []
    nullable = len(branches) < len(alternatives)
    for index, branch in enumerate(branches):
        python_type, branch_nullable = _value_type(reading, f"{where}/{index}", branch, json=json)
        types.append(_constrained(python_type, reading.resolve(branch)))
        nullable = nullable or branch_nullable
    if not types:
        raise SpecError(f"{where}/schema: a parameter that can only be null")
    return " | ".join(dict.fromkeys(types)), nullable


def _is_null(schema: Any) -> bool:
    return isinstance(schema, Mapping) and schema.get("type") in ("null", ["null"])


def _constrained(python_type: str, schema: Mapping[str, Any]) -> str:
    """`python_type` with the bounds, lengths and pattern `schema` gives it."""
    found = constraints(schema)
    if not found:
        return python_type
    arguments = ", ".join(f"{key}={value}" for key, value in found)
    return f"Annotated[{python_type}, Field({arguments})]"


def constraints(schema: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """pydantic Field arguments for a value's bounds, lengths and pattern."""
    keywords = dict(_CONSTRAINT_KEYWORDS)
    if schema.get("type") == "array":
        keywords = {"minItems": "min_length", "maxItems": "max_length"}
    return tuple(
        (argument, repr(schema[keyword]))
        for keyword, argument in keywords.items()
        if keyword in schema and not isinstance(schema[keyword], bool)
    )
