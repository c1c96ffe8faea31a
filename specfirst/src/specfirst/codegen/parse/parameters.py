"""An operation's parameters: where each is, how it is written, and its Python type."""

from collections.abc import Mapping
from typing import Any, Final

from specfirst.codegen.model import Parameter, SpecError
from specfirst.codegen.naming import python_name
from specfirst.codegen.parse.reading import Reading
from specfirst.codegen.walking import component_name
from specfirst.runtime import media
from specfirst.runtime.formats import FORMAT_TYPES
from specfirst.runtime.pointers import escape
from specfirst.runtime.shapes import OBJECT, shape
from specfirst.runtime.styles import LOCATION_STYLES

# Names the generated signatures use themselves (interfaces, endpoints).
RESERVED_ARGUMENT_NAMES: Final = frozenset(
    {"self", "auth", "body", "form", "handlers", "result", "router"}
)
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
    taken = set(RESERVED_ARGUMENT_NAMES)
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
    if location not in LOCATION_STYLES:
        raise SpecError(f"{here}: no parameters are {location!r}")
    style = parameter.get("style")
    if style is not None and style not in LOCATION_STYLES[location]:
        allowed = ", ".join(LOCATION_STYLES[location])
        raise SpecError(f"{here}: style {style!r} is not one of {location}'s: {allowed}")
    content = None
    schema = parameter.get("schema", {})
    if "content" in parameter:
        [(content, item)] = parameter["content"].items()
        schema = item.get("schema", {}) if isinstance(item, Mapping) else {}
        if media.kind(content) != media.JSON:
            # Text as it is (`text/plain`): a string, whatever the schema says of it.
            content, schema = None, {"type": "string"}
    python_type, nullable = _value_type(reading, here, schema)
    resolved = reading.resolve(schema)
    required = bool(parameter.get("required", False)) or location == "path"
    default = None if "default" not in resolved or required else repr(resolved["default"])
    if not required and default is None:
        python_type, default = f"{python_type} | None", "None"
    elif nullable:
        python_type = f"{python_type} | None"
    python = python_name(name, prefix="p", reserved=RESERVED_ARGUMENT_NAMES)
    if python in taken:
        python = f"{python}_{location}"
    return Parameter(
        name=name,
        python_name=python,
        location=location,
        required=required,
        python_type=python_type,
        default=default,
        constraints=constraints(resolved),
        style=style,
        explode=parameter.get("explode"),
        content=content,
    )


def _value_type(reading: Reading, where: str, schema: Any) -> tuple[str, bool]:
    """The Python type of a parameter's value (scalar, array or object), and whether it may
    be null."""
    model = component_name(schema)
    if model is not None:
        target = reading.resolve(schema)
        if shape(target) == OBJECT:
            return f"models.{model}", False
        schema = target
    schema = reading.resolve(schema) if isinstance(schema, Mapping) else {}
    alternatives = schema.get("anyOf", []) + schema.get("oneOf", [])
    branches = [b for b in alternatives if b != {"type": "null"}]
    if branches:
        nullable = len(branches) < len(alternatives)
        if len(branches) > 1:
            raise SpecError(f"{where}/schema: a parameter of one of several schemas")
        python_type, inner_nullable = _value_type(reading, where, branches[0])
        return python_type, nullable or inner_nullable
    kinds = schema.get("type")
    kind_list = kinds if isinstance(kinds, list) else [kinds]
    nullable = "null" in kind_list
    kind = next((k for k in kind_list if k not in (None, "null")), None)
    if "enum" in schema:
        values = ", ".join(repr(v) for v in schema["enum"] if v is not None)
        return f"Literal[{values}]", nullable or None in schema["enum"]
    if kind == "array":
        items = schema.get("items", {})
        item_type, item_nullable = _value_type(reading, f"{where}/items", items)
        item_type = f"{item_type} | None" if item_nullable else item_type
        inner = constraints(reading.resolve(items))
        if inner:
            arguments = ", ".join(f"{key}={value}" for key, value in inner)
            item_type = f"Annotated[{item_type}, Field({arguments})]"
        return f"list[{item_type}]", nullable
    if shape(schema) == OBJECT:
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping) and not schema.get("properties"):
            value_type, _ = _value_type(reading, f"{where}/additionalProperties", extra)
            return f"dict[str, {value_type}]", nullable
        raise SpecError(f"{where}/schema: an object parameter needs a named schema")
    if kind not in SCALAR_TYPES:
        raise SpecError(f"{where}/schema: a parameter of type {kind!r}")
    if kind == "string" and (typed := FORMAT_TYPES.get(str(schema.get("format")))) is not None:
        return typed.rsplit(".", 1)[1], nullable
    return SCALAR_TYPES[kind], nullable


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
