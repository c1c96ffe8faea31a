"""A document spread over several files, bundled into one whose `$ref`s are all local.

A `$ref` to another file (`schemas/pet.yaml`, `common.yaml#/components/responses/NotFound`)
is read only from the spec's own directory tree (or a wider root given): an absolute path,
`..` out of it, a symlink leading out, and a URL (`file:`, `https:`) are refused, naming the
reference, and nothing of what the file holds. A file inside is bundled: a target under
`components/<section>/<name>` in its file, or any schema, is added to this document's
`components/<section>` (renamed `<name>2`, `<name>3`... when the name is taken by something
else) and the `$ref` points there; any other target (a path item, a response written at a
file's top level) is put in place of its `$ref`.
"""

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from specfirst.documents.errors import DocumentError
from specfirst.documents.files import read_file
from specfirst.documents.schemas import SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS
from specfirst.runtime.pointers import PointerError, pointer, resolve, tokens

# Where a value is a schema, besides the schema keywords: a parameter's, header's or media
# type's `schema`.
_HOLDS_A_SCHEMA = SCHEMA_KEYWORDS | {"schema"}


# A `$ref` with a scheme (`https://...`, `file:///...`), as RFC 3986 writes one.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def load_document(path: Path, ref_root: Path | None = None) -> dict[str, Any]:
    """The document at `path`, with the files it refers to bundled into it: those under
    `ref_root` (by default, the directory of `path`)."""
    root = read_file(path)
    if not isinstance(root, dict):
        raise DocumentError(f"{path}: not an OpenAPI document (a mapping at the top)")
    confined_to = (ref_root or path.parent).resolve()
    return _Bundler(path.resolve(), root, confined_to, path.stat().st_size).bundle()


class _Bundler:
    def __init__(self, root_path: Path, root: dict[str, Any], ref_root: Path, size: int) -> None:
        self._root_path = root_path
        self._root = root
        self._ref_root = ref_root
        self._bytes_read = size
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
            schemas_by_name = key in SCHEMA_MAP_KEYWORDS or (key == "schemas" and not in_schema)
            if key in _HOLDS_A_SCHEMA or key in SCHEMA_LIST_KEYWORDS:
                rewritten[key] = self._rewrite(value, base, in_schema=True)
            elif schemas_by_name and isinstance(value, dict):
                named, named_in = self._named_schemas(value, base)
                rewritten[key] = {
                    name: self._rewrite(item, named_in, in_schema=True)
                    for name, item in named.items()
                }
            elif key == "discriminator" and in_schema and isinstance(value, dict):
                rewritten[key] = self._discriminator(value, base)
            else:
                rewritten[key] = self._rewrite(value, base, in_schema=in_schema)
        return rewritten

    def _discriminator(self, discriminator: dict[str, Any], base: Path) -> dict[str, Any]:
        """A discriminator whose mapping's references (`'#/cat'`, `'pets.yaml#/Dog'`: they are
        `$ref`s written as strings) are made local too; names of schemas stay as they are."""
        mapping = discriminator.get("mapping")
        if not isinstance(mapping, dict):
            return discriminator
        local = {
            value: target
            if not isinstance(target, str) or ("#" not in target and "/" not in target)
            else self._rewrite({"$ref": target}, base, in_schema=True)["$ref"]
            for value, target in mapping.items()
        }
        return {**discriminator, "mapping": local}

    def _named_schemas(self, value: dict[str, Any], base: Path) -> tuple[dict[str, Any], Path]:
        """A map of schemas (`properties`...), and the file it is in: where the map itself is
        a `$ref` (not a schema: JSON Schema would read a property named `$ref`, but specs
        that do it mean the map it points at, as their tools read it), the map pointed at."""
        ref = value.get("$ref")
        if len(value) != 1 or not isinstance(ref, str):
            return value, base
        file_part, _, fragment = ref.partition("#")
        target_path = self._target_path(file_part, ref, base)
        target = self._target(self._file(target_path, ref, base), f"#{fragment}", ref, base)
        if not isinstance(target, dict):
            raise DocumentError(f"{base}: $ref {ref!r} is not a map of schemas")
        return self._named_schemas(target, target_path)

    def _local_ref(
        self, node: Mapping[str, Any], ref: str, base: Path, *, in_schema: bool
    ) -> dict[str, Any]:
        file_part, _, fragment = ref.partition("#")
        target_path = self._target_path(file_part, ref, base)
        local = f"#{fragment}"
        key = (target_path, local)
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if target_path == self._root_path:  # back into the root document: already local
            self._target(self._root, local, ref, base)
            return {"$ref": local, **siblings}
        if key in self._bundled:
            return {"$ref": self._bundled[key], **siblings}
        target = self._target(self._file(target_path, ref, base), local, ref, base)
        parts = tokens(local)
        section = parts[1] if len(parts) == 3 and parts[0] == "components" else None
        section = section or ("schemas" if in_schema else None)
        if section is None:
            # Put in place: a path item, or a file that is one response, parameter...
            placed: dict[str, Any] = self._rewrite(target, target_path, in_schema=in_schema)
            return {**placed, **siblings} if isinstance(placed, dict) else placed
        name = self._free_name(section, _name_of(parts, target_path))
        bundled_as = pointer("components", section, name)
        self._bundled[key] = bundled_as  # before descending: recursive schemas end here
        components = self._added.setdefault(section, {})
        components[name] = {}  # reserved while the target is rewritten
        components[name] = self._rewrite(target, target_path, in_schema=section == "schemas")
        return {"$ref": bundled_as, **siblings}

    @staticmethod
    def _target(document: Any, local: str, ref: str, base: Path) -> Any:
        try:
            return resolve(document, local)
        except PointerError:
            raise DocumentError(f"{base}: $ref {ref!r} does not resolve") from None

    def _target_path(self, file_part: str, ref: str, base: Path) -> Path:
        """The file a `$ref` names (`base` itself for a fragment alone), its symlinks
        followed: refused when it is a URL or lies outside the root."""
        if not file_part:
            return base
        if _URL.match(file_part):
            raise DocumentError(f"{base}: $ref {ref!r}: a URL: only files are read")
        path = (base.parent / unquote(file_part)).resolve()
        if not path.is_relative_to(self._ref_root):
            raise DocumentError(
                f"{base}: $ref {ref!r} leads out of {self._ref_root}: only files under the "
                "spec's directory are read (--ref-root widens it)"
            )
        return path

    def _file(self, path: Path, ref: str, base: Path) -> Any:
        if path not in self._files:
            if not path.is_file():
                raise DocumentError(f"{base}: $ref {ref!r}: no file {path}")
            self._files[path] = read_file(path, self._bytes_read)
            self._bytes_read += path.stat().st_size
        return self._files[path]

    def _free_name(self, section: str, name: str) -> str:
        taken = {*self._root.get("components", {}).get(section, {}), *self._added.get(section, {})}
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{name}{number}"
        return candidate


def _name_of(parts: list[str], path: Path) -> str:
    """A component's name: the pointer's last token, or the file's name without extension."""
    raw = parts[-1] if parts else path.stem
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in raw) or "Component"
