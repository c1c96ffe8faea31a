"""Whether a schema's values are arrays, objects or scalars, as far as writing them in a URL, a
header or a form goes (framework-free: the generator and the runtime decide it alike)."""

from collections.abc import Mapping
from typing import Any, Final

from specfirst.runtime.pointers import follow

SCALAR: Final = "scalar"
ARRAY: Final = "array"
OBJECT: Final = "object"


def shape(schema: Mapping[str, Any]) -> str:
    """ARRAY, OBJECT or SCALAR, by the schema's own `type` (one of its types, for a list such
    as `[array, "null"]`), or, without a type, by its `properties`. References and branches
    are not looked into (value_shape does)."""
    declared = schema.get("type")
    kinds = declared if isinstance(declared, list) else [declared]
    if "array" in kinds:
        return ARRAY
    if "object" in kinds or (declared is None and "properties" in schema):
        return OBJECT
    return SCALAR


def value_shape(schema: Any, root: Any) -> str:
    """The shape of `schema`'s values, its `$ref`s followed in `root` and, for a value of one
    of several schemas (an optional one: `anyOf: [<array>, {type: "null"}]`), the first
    branch that is an array or an object."""
    return next((found for found in value_shapes(schema, root) if found != SCALAR), SCALAR)


def value_shapes(schema: Any, root: Any) -> list[str]:
    """The shapes `schema`'s values may have, once each, in the order of its alternatives
    (`anyOf`/`oneOf`, null left out) or, without alternatives, its own."""
    options = branches(schema, root)
    alternatives = [branch for branch in options[1:] if not is_null(branch)]
    if not alternatives:
        return [shape(options[0])] if options else [SCALAR]
    return list(dict.fromkeys(shape(branch) for branch in alternatives))


def is_null(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") in ("null", ["null"])


def branches(schema: Any, root: Any) -> list[Mapping[str, Any]]:
    """`schema` and its `anyOf`/`oneOf` branches, each with its `$ref`s followed in `root`."""
    resolved = follow(root, schema)
    if not isinstance(resolved, Mapping):
        return []
    alternatives = [*resolved.get("anyOf", []), *resolved.get("oneOf", [])]
    followed = [follow(root, branch) for branch in alternatives]
    return [resolved, *(branch for branch in followed if isinstance(branch, Mapping))]


def object_properties(schema: Any, root: Any) -> dict[str, Any]:
    """The properties of an object's schema, or of every object of its union or `allOf` (the
    first schema given for a name), its `$ref`s followed in `root`: a form's fields, an XML
    element's children."""
    found: dict[str, Any] = {}
    resolved = follow(root, schema)
    if not isinstance(resolved, Mapping):
        return found
    found.update(resolved.get("properties", {}))
    for keyword in ("allOf", "anyOf", "oneOf"):
        for part in resolved.get(keyword, []):
            found = object_properties(part, root) | found
    return found
