"""Walking an OpenAPI document, as the generator's stages do: its operations, each with the
label its class names start with, and references to schema components."""

from collections.abc import Iterator, Mapping
from typing import Any, Final

from specfirst.codegen.naming import class_name
from specfirst.runtime.pointers import escape, unescape

# OpenAPI's path item fields for methods (`query`: 3.2's; 3.0 and 3.1 documents cannot have it).
HTTP_METHODS: Final = (
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "query",
)
SCHEMA_REF_PREFIX: Final = "#/components/schemas/"
# Where a document holds data, not its own structure. (Not `default`: responses have one.)
DATA_KEYS: Final = frozenset({"example", "examples", "const", "enum"})


def as_mapping(value: Any) -> Mapping[str, Any]:
    """`value` where it is a mapping, else an empty one: a malformed document read as far as
    it goes (its checks report the rest)."""
    return value if isinstance(value, Mapping) else {}


def schema_ref(name: str) -> str:
    """`#/components/schemas/Pet` of `Pet`."""
    return SCHEMA_REF_PREFIX + escape(name)


def component_name(schema: Any) -> str | None:
    """`Pet` of `{"$ref": "#/components/schemas/Pet"}`; None for any other schema."""
    ref = schema.get("$ref") if isinstance(schema, Mapping) else None
    if not isinstance(ref, str) or not ref.startswith(SCHEMA_REF_PREFIX):
        return None
    return unescape(ref[len(SCHEMA_REF_PREFIX) :])


def methods(path_item: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(method, operation) of each operation of a path item."""
    if not isinstance(path_item, dict):
        return
    for method in HTTP_METHODS:
        if isinstance(path_item.get(method), dict):
            yield method, path_item[method]


def operations(document: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, operation) of every operation under `paths` (operation_label)."""
    for path, path_item in document.get("paths", {}).items():
        for method, operation in methods(path_item):
            yield operation_label(operation, method, path), operation


def operation_label(operation: Mapping[str, Any], method: str, path: str) -> str:
    """The PascalCase an operation's class names start with: `GetPetById` for operationId
    `getPetById`; `GetPetsPetId` for `get /pets/{petId}`, which has none."""
    operation_id = operation.get("operationId")
    if isinstance(operation_id, str) and operation_id.strip():
        return class_name(operation_id)
    return class_name(f"{method} {path}")


def structural_mappings(
    document: Mapping[str, Any],
) -> Iterator[tuple[tuple[object, ...], Mapping[str, Any]]]:
    """Every mapping of the document with its place, but those inside examples, `const` and
    `enum` values and extensions."""
    pending: list[tuple[tuple[object, ...], Any]] = [((), document)]
    while pending:
        place, node = pending.pop()
        if isinstance(node, Mapping):
            yield place, node
            pending.extend(
                ((*place, key), value)
                for key, value in node.items()
                if key not in DATA_KEYS and not str(key).startswith("x-")
            )
        elif isinstance(node, list):
            pending.extend(((*place, index), item) for index, item in enumerate(node))
