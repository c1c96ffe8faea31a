"""Parameters as OpenAPI serialises them (its "Style Values" table), read back into values.

A parameter's `style` and `explode` say how an array or an object is written in a path
segment, a query string, a header or a cookie; this reads each back into strings, a list of
strings, or a mapping of them. Path and query text comes percent-encoded (encoded.py): it is
split at the style's delimiters first, then each part decoded, so that an encoded delimiter
(`%2C`) is part of a value. `coerce` then turns those strings into the numbers and booleans
the parameter's JSON schema asks for, since everything in a URL or a header is text.

Framework-free: the generator checks a spec's styles against the same table and defaults.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import unquote, unquote_plus

from specfirst.runtime.shapes import ARRAY, OBJECT, SCALAR, branches, shape

# The styles OpenAPI defines for each location ("Parameter Object", `style`); the first is the
# location's default.
LOCATION_STYLES: Final = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}


def default_style(location: str) -> str:
    return LOCATION_STYLES[location][0]


def default_explode(style: str) -> bool:
    """OpenAPI: `explode` defaults to true for `form`, false otherwise."""
    return style == "form"


# How a URL-encoded form writes a field that its `encoding` says nothing of: as a query
# parameter of the default style (OpenAPI's "Encoding Object").
DEFAULT_FORM_FIELD_STYLE: Final = (default_style("query"), default_explode(default_style("query")))


# How a location's text is decoded: a query string or form by its rules (`+` is a space), a
# path segment by RFC 3986's (`+` is itself); headers and cookies are not percent-encoded.
_DECODERS: Final[Mapping[str, Callable[[str], str]]] = {"query": unquote_plus, "path": unquote}


def decoder(location: str) -> Callable[[str], str]:
    return _DECODERS.get(location, _as_written)


def _as_written(text: str) -> str:
    return text


class StyleError(ValueError):
    """The raw value is not written in the parameter's style."""


@dataclass(frozen=True)
class Style:
    """How one parameter is written: its location, style, explode, and its value's shape."""

    location: str
    name: str
    style: str
    explode: bool
    shape: str  # SCALAR, ARRAY or OBJECT (specfirst.runtime.shapes)

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
        chosen = style or default_style(location)
        exploded = explode if explode is not None else default_explode(chosen)
        return cls(location, name, chosen, exploded, shape)


def read_query(query: Any, style: Style, others: frozenset[str] = frozenset()) -> Any:
    """The value of a query parameter (`query` a multi-valued mapping of decoded names to
    encoded values: encoded.encoded_query), or None when absent. An object written `form` +
    explode is every query parameter but the operation's `others`: a name it does not declare
    is an additional property, for its schema to allow or not."""
    if style.style == "deepObject" and style.shape != SCALAR:
        return _read_deep_object(query, style.name)
    if style.shape == OBJECT and style.explode:
        found = {name: unquote_plus(query[name]) for name in query if name not in others}
        return found or None
    if style.name not in query:
        return None
    if style.shape == ARRAY and style.explode:
        return [unquote_plus(value) for value in query.getlist(style.name)]
    return _split(str(query[style.name]), style, _DELIMITERS.get(style.style, _COMMA))


def _read_deep_object(query: Any, name: str) -> dict[str, Any] | None:
    """`filter[kind]=toy` as {"kind": "toy"}; nested brackets nest (`lines[0][amount]=5`:
    {"0": {"amount": "5"}}, which `coerce` makes a list where the schema has an array)."""
    found: dict[str, Any] = {}
    prefix = f"{name}["
    for key, value in query.multi_items():
        if not key.startswith(prefix) or not key.endswith("]"):
            continue
        path = _BRACKETED.findall(key[len(name) :])
        if "".join(f"[{part}]" for part in path) != key[len(name) :]:
            raise StyleError(f"deepObject style: {key!r} is not {name}[...][...]")
        node = found
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise StyleError(f"deepObject style: {key!r} is inside a value given as text")
        if isinstance(node.get(path[-1]), dict):
            raise StyleError(f"deepObject style: {key!r} is given as text and as an object")
        node[path[-1]] = unquote_plus(value)
    return found or None


_BRACKETED: Final = re.compile(r"\[([^\[\]]*)\]")


def read_text(raw: str | None, style: Style) -> Any:
    """The value of a path, header or cookie parameter from its text, or None when absent."""
    if raw is None:
        return None
    if style.style == "label":
        if not raw.startswith("."):
            raise StyleError(f"label style: {raw!r} does not start with '.'")
        body = raw[1:]
        delimiter = _DOT if style.explode else _COMMA
        return _split(body, style, delimiter, pairs_delimiter=delimiter)
    if style.style == "matrix":
        return _read_matrix(raw, style)
    if style.location == "header":
        raw = raw.strip()
    return _split(raw, style, _COMMA)


_COMMA: Final = re.compile(",")
_DOT: Final = re.compile(r"\.")
# OpenAPI writes these two delimiters percent-encoded (its "Style Examples": `blue%20black`,
# `blue%7Cblack`); clients also send them as `+` and a bare `|`. Either is a delimiter, so
# these styles cannot carry a space or a pipe inside an item.
_DELIMITERS: Final = {
    "spaceDelimited": re.compile(r"%20|\+| "),
    "pipeDelimited": re.compile(r"%7[cC]|\|"),
}


def _split(
    raw: str, style: Style, delimiter: re.Pattern[str], *, pairs_delimiter: re.Pattern[str] = _COMMA
) -> Any:
    """`raw` (as written: percent-encoded in a path or query) read as the style's shape: split
    at the delimiters, then each part decoded."""
    decode = decoder(style.location)
    if style.shape == SCALAR:
        return decode(raw)
    parts = [decode(part) for part in delimiter.split(raw)] if raw != "" else []
    if style.location == "header":
        parts = [part.strip() for part in parts]
    if style.shape == ARRAY:
        return parts
    if style.explode and style.location != "query":
        # `role=admin,firstName=Alex`
        pairs = [part.partition("=") for part in (pairs_delimiter.split(raw) if raw else [])]
        if any(not equals for _, equals, _ in pairs):
            raise StyleError(f"{raw!r} is not a list of name=value pairs")
        return {decode(name).strip(): decode(value).strip() for name, _, value in pairs}
    # `role,admin,firstName,Alex`
    if len(parts) % 2:
        raise StyleError(f"{raw!r} does not alternate names and values")
    return dict(zip(parts[::2], parts[1::2], strict=True))


def _read_matrix(raw: str, style: Style) -> Any:
    if not raw.startswith(";"):
        raise StyleError(f"matrix style: {raw!r} does not start with ';'")
    decode = decoder(style.location)
    segments = [
        (decode(name), value)
        for name, _, value in (segment.partition("=") for segment in raw[1:].split(";"))
    ]
    if style.shape == OBJECT and style.explode:
        return {name: decode(value) for name, value in segments}
    values = [value for name, value in segments if name == style.name]
    if not values:
        raise StyleError(f"matrix style: {raw!r} does not name {style.name!r}")
    if style.shape == ARRAY and style.explode:
        return [decode(value) for value in values]
    return _split(values[0], style, _COMMA)


def coerce(value: Any, schema: Any, root: Any) -> Any:
    """`value` (strings, lists and mappings of them) with each string that `schema` (a JSON
    schema, its `$ref`s into `root`) wants as an integer, number, boolean or null converted;
    any other string is left for validation to judge."""
    options = branches(schema, root)
    if not options:
        return value
    shapes = {shape(option) for option in options}
    if isinstance(value, dict) and ARRAY in shapes and OBJECT not in shapes:
        value = _indexed(value)
    if isinstance(value, list):
        # An optional value: `anyOf: [<the array>, {type: null}]`.
        chosen = next((option for option in options if shape(option) == ARRAY), options[0])
        return [coerce(item, chosen.get("items", {}), root) for item in value]
    if isinstance(value, dict):
        # An object, or one of several: each property as the first of them that declares it.
        objects = [option for option in options if shape(option) == OBJECT] or options[:1]
        extra = objects[0].get("additionalProperties", {})
        fallback = extra if isinstance(extra, Mapping) else {}
        return {
            key: coerce(item, _property(objects, key, fallback), root)
            for key, item in value.items()
        }
    if not isinstance(value, str):
        return value
    for option in options:
        converted = _scalar(value, option)
        if converted is not _NO:
            return converted
    return value


def _property(objects: list[Mapping[str, Any]], name: str, fallback: Any) -> Any:
    for option in objects:
        properties = option.get("properties", {})
        if name in properties:
            return properties[name]
    return fallback


def _indexed(value: dict[str, Any]) -> Any:
    """An array written as an object of indexes (`lines[0]`, `lines[1]`), as a list in their
    order; anything else as it is."""
    if not value or not all(key.isdigit() for key in value):
        return value
    return [value[key] for key in sorted(value, key=int)]


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
