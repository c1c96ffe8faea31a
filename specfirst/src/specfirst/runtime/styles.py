"""Parameters as OpenAPI serialises them (its "Style Values" table), read back into values.

A parameter's `style` and `explode` say how an array or an object is written in a path
segment, a query string, a header or a cookie; this reads each back into strings, a list of
strings, or a mapping of them. `coerce` then turns those strings into the numbers and booleans
the parameter's JSON schema asks for, since everything in a URL or a header is text.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from starlette.requests import Request

# The default style of each location (OpenAPI: "Parameter Object", `style`).
DEFAULT_STYLES: Final = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}

# What a parameter's value is, as far as its serialisation is concerned.
SCALAR: Final = "scalar"
ARRAY: Final = "array"
OBJECT: Final = "object"


class StyleError(ValueError):
    """The raw value is not written in the parameter's style."""


@dataclass(frozen=True)
class Style:
    """How one parameter is written: its location, style, explode, and its value's shape."""

    location: str
    name: str
    style: str
    explode: bool
    shape: str  # SCALAR, ARRAY or OBJECT

    @classmethod
    def of(
        cls,
        location: str,
        name: str,
        shape: str,
        *,
        style: str | None = None,
        explode: bool | None = None,
    ) -> "Style":
        chosen = style or DEFAULT_STYLES[location]
        # OpenAPI: explode defaults to true for `form`, false otherwise.
        exploded = explode if explode is not None else chosen == "form"
        return cls(location, name, chosen, exploded, shape)


def location_text(request: Request, location: str, name: str) -> str | None:
    """The text of `name` in the request's `location` (its path parameters, query string,
    headers or cookies), or None when absent."""
    if location == "path":
        value = request.path_params.get(name)
        return None if value is None else str(value)
    if location == "query":
        return request.query_params.get(name)
    if location == "header":
        return request.headers.get(name)
    return request.cookies.get(name)


def read_query(query: Any, style: Style, others: frozenset[str] = frozenset()) -> Any:
    """The value of a query parameter (`query` a multi-valued mapping), or None when absent.
    An object written `form` + explode is every query parameter but the operation's `others`:
    a name it does not declare is an additional property, for its schema to allow or not."""
    if style.style == "deepObject":
        prefix = f"{style.name}["
        found = {
            key[len(prefix) : -1]: value
            for key, value in query.multi_items()
            if key.startswith(prefix) and key.endswith("]")
        }
        return found or None
    if style.shape == OBJECT and style.explode:
        found = {name: query[name] for name in query if name not in others}
        return found or None
    if style.name not in query:
        return None
    if style.shape == ARRAY and style.explode:
        return list(query.getlist(style.name))
    return _split(str(query[style.name]), style, _DELIMITERS.get(style.style, ","))


def read_text(raw: str | None, style: Style) -> Any:
    """The value of a path, header or cookie parameter from its text, or None when absent."""
    if raw is None:
        return None
    if style.style == "label":
        if not raw.startswith("."):
            raise StyleError(f"label style: {raw!r} does not start with '.'")
        body = raw[1:]
        delimiter = "." if style.explode else ","
        return _split(body, style, delimiter, pairs_delimiter=delimiter)
    if style.style == "matrix":
        return _read_matrix(raw, style)
    if style.location == "header":
        raw = raw.strip()
    return _split(raw, style, ",")


_DELIMITERS: Final = {"spaceDelimited": " ", "pipeDelimited": "|"}


def _split(raw: str, style: Style, delimiter: str, *, pairs_delimiter: str = ",") -> Any:
    if style.shape == SCALAR:
        return raw
    parts = raw.split(delimiter) if raw != "" else []
    if style.location == "header":
        parts = [part.strip() for part in parts]
    if style.shape == ARRAY:
        return parts
    if style.explode and style.location != "query":
        # `role=admin,firstName=Alex`
        pairs = [part.partition("=") for part in (raw.split(pairs_delimiter) if raw else [])]
        if any(not equals for _, equals, _ in pairs):
            raise StyleError(f"{raw!r} is not a list of name=value pairs")
        return {name.strip(): value.strip() for name, _, value in pairs}
    # `role,admin,firstName,Alex`
    if len(parts) % 2:
        raise StyleError(f"{raw!r} does not alternate names and values")
    return dict(zip(parts[::2], parts[1::2], strict=True))


def _read_matrix(raw: str, style: Style) -> Any:
    if not raw.startswith(";"):
        raise StyleError(f"matrix style: {raw!r} does not start with ';'")
    segments = [segment.partition("=") for segment in raw[1:].split(";")]
    if style.shape == OBJECT and style.explode:
        return {name: value for name, _, value in segments}
    values = [value for name, _, value in segments if name == style.name]
    if not values:
        raise StyleError(f"matrix style: {raw!r} does not name {style.name!r}")
    if style.shape == ARRAY and style.explode:
        return values
    return _split(values[0], style, ",")


def coerce(value: Any, schema: Mapping[str, Any], definitions: Mapping[str, Any]) -> Any:
    """`value` (strings, lists and mappings of them) with each string that `schema` (a JSON
    schema, its `$ref`s into `definitions`) wants as an integer, number, boolean or null
    converted; any other string is left for validation to judge."""
    schema = resolved(schema, definitions)
    if isinstance(value, list | dict):
        # An optional value: `anyOf: [<the array or object>, {type: null}]`.
        wanted = "array" if isinstance(value, list) else "object"
        for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
            option = resolved(branch, definitions)
            if option.get("type") == wanted or (wanted == "object" and "properties" in option):
                schema = option
                break
    if isinstance(value, list):
        items = resolved(schema.get("items", {}), definitions)
        return [coerce(item, items, definitions) for item in value]
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", {})
        fallback = extra if isinstance(extra, dict) else {}
        return {
            key: coerce(item, properties.get(key, fallback), definitions)
            for key, item in value.items()
        }
    if not isinstance(value, str):
        return value
    for branch in [schema, *schema.get("anyOf", []), *schema.get("oneOf", [])]:
        converted = _scalar(value, resolved(branch, definitions))
        if converted is not _NO:
            return converted
    return value


_NO: Final = object()


def _scalar(text: str, schema: Mapping[str, Any]) -> Any:
    kinds = schema.get("type")
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        if kind == "integer" and text.lstrip("-").isdigit() and text.isascii():
            return int(text)
        if kind == "number":
            try:
                return float(text)
            except ValueError:
                continue
        if kind == "boolean" and text in ("true", "false"):
            return text == "true"
        if kind == "null" and text in ("", "null"):
            return None
    return _NO


def resolved(schema: Any, definitions: Mapping[str, Any]) -> Mapping[str, Any]:
    """`schema`, its `$ref`s into `definitions` followed."""
    seen: set[str] = set()
    while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen or name not in definitions:
            break
        seen.add(name)
        schema = definitions[name]
    return schema if isinstance(schema, Mapping) else {}
