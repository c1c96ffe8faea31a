"""OpenAPI documents as written: read from YAML or JSON, one file or several, into one
JSON-ready document whose `$ref`s are all local, and its hash.

YAML is read as JSON would read it: mapping keys are strings (`200:` is "200") and dates stay
the strings they were written as, so the document can be served as /openapi.json as written.

A `$ref` to another file (`schemas/pet.yaml`, `common.yaml#/components/responses/NotFound`)
is bundled: a target under `components/<section>/<name>` in its file, or any schema, is added
to this document's `components/<section>` (renamed `<name>2`, `<name>3`... when the name is
taken by something else) and the `$ref` points there; any other target (a path item, a
response written at a file's top level) is put in place of its `$ref`.
"""

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote

import yaml

# The keys under which a value is a schema (JSON Schema 2020-12 and OpenAPI's own).
_SCHEMA_KEYS: Final = frozenset(
    {
        "schema",
        "items",
        "additionalProperties",
        "not",
        "contains",
        "propertyNames",
        "if",
        "then",
        "else",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    }
)
# Keys whose value maps names, or lists, to schemas.
_SCHEMA_MAP_KEYS: Final = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
_SCHEMA_LIST_KEYS: Final = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})


class DocumentError(ValueError):
    """The document cannot be read: a file, a YAML/JSON error, or a `$ref` that does not
    resolve; the message names the file and the reference."""


class _StringDates(yaml.SafeLoader):
    """YAML as JSON reads it: timestamps stay strings."""


# The timestamp resolver turns `2024-01-01` into a date; without it, such scalars are strings.
_StringDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_file(path: Path) -> Any:
    """One YAML or JSON file as JSON-ready values (string keys, dates as strings)."""
    try:
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_StringDates)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DocumentError(f"{path}: cannot be read: {error}") from None
    return _string_keys(loaded)


def _string_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


def load_document(path: Path) -> dict[str, Any]:
    """The document at `path`, with the files it refers to bundled into it."""
    root = read_file(path)
    if not isinstance(root, dict):
        raise DocumentError(f"{path}: not an OpenAPI document (a mapping at the top)")
    bundled: dict[str, Any] = _Bundler(path.resolve(), root).bundle()
    return bundled


def document_sha256(document: Mapping[str, Any]) -> str:
    """The hash of what a document says: its canonical JSON, so that YAML comments, layout
    and the split into files do not count."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class _Bundler:
    def __init__(self, root_path: Path, root: dict[str, Any]) -> None:
        self._root_path = root_path
        self._root = root
        self._files: dict[Path, Any] = {root_path: root}
        # (file, pointer) → the local $ref it was bundled as.
        self._bundled: dict[tuple[Path, str], str] = {}
        # Components brought in from other files, by section: added once the root is done.
        self._added: dict[str, dict[str, Any]] = {}

    def bundle(self) -> dict[str, Any]:
        result: dict[str, Any] = self._rewrite(self._root, self._root_path, in_schema=False)
        for section, components in self._added.items():
            result.setdefault("components", {}).setdefault(section, {}).update(components)
        return result

    def _rewrite(self, node: Any, base: Path, *, in_schema: bool) -> Any:
        """`node` (read from `base`) with every `$ref` made local."""
        if isinstance(node, list):
            return [self._rewrite(item, base, in_schema=in_schema) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and not (ref.startswith("#") and base == self._root_path):
            return self._local_ref(node, ref, base, in_schema=in_schema)
        rewritten: dict[str, Any] = {}
        for key, value in node.items():
            if key in _SCHEMA_KEYS:
                rewritten[key] = self._rewrite(value, base, in_schema=True)
            elif key in _SCHEMA_MAP_KEYS and isinstance(value, dict):
                rewritten[key] = {
                    name: self._rewrite(item, base, in_schema=True) for name, item in value.items()
                }
            elif key in _SCHEMA_LIST_KEYS:
                rewritten[key] = self._rewrite(value, base, in_schema=True)
            elif key == "schemas" and isinstance(value, dict) and not in_schema:
                rewritten[key] = {
                    name: self._rewrite(item, base, in_schema=True) for name, item in value.items()
                }
            else:
                rewritten[key] = self._rewrite(value, base, in_schema=in_schema)
        return rewritten

    def _local_ref(
        self, node: Mapping[str, Any], ref: str, base: Path, *, in_schema: bool
    ) -> dict[str, Any]:
        file_part, _, pointer = ref.partition("#")
        target_path = (base.parent / unquote(file_part)).resolve() if file_part else base
        pointer = unquote(pointer)
        key = (target_path, pointer)
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if target_path == self._root_path:  # back into the root document: already local
            _resolve_pointer(self._root, pointer, ref, base)
            return {"$ref": f"#{pointer}", **siblings}
        if key in self._bundled:
            return {"$ref": self._bundled[key], **siblings}
        target = _resolve_pointer(self._file(target_path, ref, base), pointer, ref, base)
        section = _component_section(pointer) or ("schemas" if in_schema else None)
        if section is None:
            # Put in place: a path item, or a file that is one response, parameter...
            placed: dict[str, Any] = self._rewrite(target, target_path, in_schema=in_schema)
            return {**placed, **siblings} if isinstance(placed, dict) else placed
        name = self._free_name(section, _name_of(pointer, target_path))
        local = f"#/components/{section}/{_escape(name)}"
        self._bundled[key] = local  # before descending: recursive schemas end here
        components = self._added.setdefault(section, {})
        components[name] = {}  # reserved while the target is rewritten
        components[name] = self._rewrite(target, target_path, in_schema=section == "schemas")
        return {"$ref": local, **siblings}

    def _file(self, path: Path, ref: str, base: Path) -> Any:
        if path not in self._files:
            if not path.is_file():
                raise DocumentError(f"{base}: $ref {ref!r}: no file {path}")
            self._files[path] = read_file(path)
        return self._files[path]

    def _free_name(self, section: str, name: str) -> str:
        taken = {*self._root.get("components", {}).get(section, {}), *self._added.get(section, {})}
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{name}{number}"
        return candidate


def _resolve_pointer(document: Any, pointer: str, ref: str, base: Path) -> Any:
    node = document
    for part in [p for p in pointer.split("/") if p]:
        key = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            raise DocumentError(f"{base}: $ref {ref!r} does not resolve")
    return node


def _component_section(pointer: str) -> str | None:
    """`responses` for `/components/responses/NotFound`: where a bundled target belongs."""
    parts = [p for p in pointer.split("/") if p]
    if len(parts) == 3 and parts[0] == "components":
        return parts[1]
    return None


def _name_of(pointer: str, path: Path) -> str:
    """A component's name: the pointer's last part, or the file's name without extension."""
    parts = [p for p in pointer.split("/") if p]
    raw = parts[-1].replace("~1", "/").replace("~0", "~") if parts else path.stem
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in raw) or "Component"


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")
