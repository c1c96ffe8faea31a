"""Parameters as OpenAPI serialises them (its "Style Values" table), read back into values.

A parameter's `style` and `explode` say how an array or an object is written in a path
segment, a query string, a header or a cookie; this reads each back into strings, a list of
strings, or a mapping of them. `coerce` then turns those strings into the numbers and booleans
the parameter's JSON schema asks for, since everything in a URL or a header is text.

Framework-free: the generator checks a spec's styles against the same table and defaults.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

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


def coerce(value: Any, schema: Any, root: Any) -> Any:
    """`value` (strings, lists and mappings of them) with each string that `schema` (a JSON
    schema, its `$ref`s into `root`) wants as an integer, number, boolean or null converted;
    any other string is left for validation to judge."""
    options = branches(schema, root)
    if not options:
        return value
    if isinstance(value, list | dict):
        # An optional value: `anyOf: [<the array or object>, {type: null}]`.
        wanted = ARRAY if isinstance(value, list) else OBJECT
        chosen = next((option for option in options if shape(option) == wanted), options[0])
        if isinstance(value, list):
            return [coerce(item, chosen.get("items", {}), root) for item in value]
        properties = chosen.get("properties", {})
        extra = chosen.get("additionalProperties", {})
        fallback = extra if isinstance(extra, Mapping) else {}
        return {
            key: coerce(item, properties.get(key, fallback), root) for key, item in value.items()
        }
    if not isinstance(value, str):
        return value
    for option in options:
        converted = _scalar(value, option)
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
