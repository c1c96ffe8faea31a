"""The schema each body is read or written with, where it differs from the component's:

- A request body's schema leaves out `readOnly` properties (the server sets them): they are
  not required, and, not being fields, are ignored when sent, or refused where the schema
  forbids other properties (`additionalProperties: false`).
- A response's schema leaves out `writeOnly` properties (a password is never answered).
- A multipart body's file properties (`format: binary`, or 3.1's `contentMediaType` without
  `contentEncoding`), one or an array, are uploads (specfirst.runtime.uploads.Upload).

A schema that (through its references) has none of these is used as it is. One that does
gets a copy, `<Name>Request`, `<Name>Response` or `<Name>Upload`, which the body refers to
instead; a body's own schema that nothing else refers to (an inline one, hoisted) is changed
where it is. Parameters, webhooks' and callbacks' payloads keep the schema as written.
"""

import copy
from collections.abc import Iterator
from typing import Any, Final

from specfirst.codegen.walking import component_name, operations, schema_ref
from specfirst.documents.schemas import mappings, nested
from specfirst.runtime import media

# The component a file property refers to; models.py has it generated as Upload.
UPLOAD_SCHEMA: Final = "SpecfirstUpload"
UPLOAD_TYPE: Final = "specfirst.runtime.uploads.Upload"

REQUEST: Final = "Request"
RESPONSE: Final = "Response"
MULTIPART: Final = "Upload"
# The property annotation each kind of copy leaves out.
_LEFT_OUT: Final = {REQUEST: "readOnly", RESPONSE: "writeOnly", MULTIPART: "readOnly"}


def use_body_variants(document: dict[str, Any]) -> None:
    """Point every body of the normalized `document` at its variant (module docstring)."""
    _Variants(document).apply()


class _Variants:
    def __init__(self, document: dict[str, Any]) -> None:
        self._document = document
        self._schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
        self._made: dict[tuple[str, str], str] = {}
        self._references = _reference_counts(document)
        self._affected = {
            purpose: _affected(self._schemas, annotation)
            for purpose, annotation in _LEFT_OUT.items()
        }

    def apply(self) -> None:
        components = self._document.get("components", {})
        bodies = [*components.get("requestBodies", {}).values()]
        responses = [*components.get("responses", {}).values()]
        for _, operation in operations(self._document):
            bodies.append(operation.get("requestBody"))
            responses.extend(operation.get("responses", {}).values())
        for body in bodies:
            for media_type, item in _contents(body):
                kind = media.kind(media_type)
                if kind in (media.JSON, media.FORM):
                    self._point(item, REQUEST)
                elif kind == media.MULTIPART:
                    self._point(item, MULTIPART)
        for response in responses:
            for media_type, item in _contents(response):
                if media.kind(media_type) == media.JSON:
                    self._point(item, RESPONSE)

    def _point(self, item: dict[str, Any], purpose: str) -> None:
        name = component_name(item.get("schema"))
        if name is None or not self._differs(name, purpose):
            return
        if self._references.get(name, 0) == 1:  # the body's own: changed where it is
            self._schemas[name] = self._transformed(self._schemas[name], purpose)
        else:
            item["schema"] = {"$ref": schema_ref(self._variant(name, purpose))}

    def _differs(self, name: str, purpose: str) -> bool:
        if name in self._affected[purpose]:
            return True
        return purpose == MULTIPART and any(_files(self._schemas.get(name)))

    def _variant(self, name: str, purpose: str) -> str:
        if (name, purpose) not in self._made:
            new, number = f"{name}{purpose}", 1
            while new in self._schemas:
                number += 1
                new = f"{name}{purpose}{number}"
            self._made[name, purpose] = new
            self._schemas[new] = {}  # taken, before a recursive schema refers to itself
            self._schemas[new] = self._transformed(self._schemas[name], purpose)
        return self._made[name, purpose]

    def _transformed(self, schema: Any, purpose: str) -> Any:
        """A copy of `schema` for `purpose`: left-out properties removed, references to
        schemas that differ pointing at their variants, files uploads."""
        schema = copy.deepcopy(schema)
        if purpose == MULTIPART:
            for properties, name in list(_files(schema)):
                file = properties[name]
                if file.get("type") == "array":
                    file["items"] = {"$ref": schema_ref(UPLOAD_SCHEMA)}
                else:
                    properties[name] = {"$ref": schema_ref(UPLOAD_SCHEMA)}
                self._schemas.setdefault(UPLOAD_SCHEMA, {"type": "string", "format": "binary"})
        # Nested objects of a multipart body are parts in JSON: read as any request's.
        inner = REQUEST if purpose == MULTIPART else purpose
        left_out: set[str] = set()
        for node in nested(schema):
            fields = node.get("properties")
            if isinstance(fields, dict):
                for key in [k for k, p in fields.items() if _has(p, _LEFT_OUT[purpose])]:
                    del fields[key]
                    left_out.add(key)
            referenced = component_name(node)
            if referenced is not None and self._differs(referenced, inner):
                node["$ref"] = schema_ref(self._variant(referenced, inner))
            if isinstance(node.get("discriminator"), dict):
                self._map_to_variants(node, inner)
        for node in nested(schema):
            if isinstance(node.get("required"), list):
                node["required"] = [key for key in node["required"] if key not in left_out]
        return schema

    def _map_to_variants(self, node: dict[str, Any], purpose: str) -> None:
        """A discriminator's mapping, pointing at the variants its branches now are. An
        implicit one (each value the name of its schema) is written out first: the values
        stay the original names."""
        discriminator = node["discriminator"]
        mapping = discriminator.get("mapping")
        if not isinstance(mapping, dict):
            branches = [*node.get("oneOf", []), *node.get("anyOf", [])]
            originals = [name for b in branches if (name := self._original(b)) is not None]
            mapping = {name: schema_ref(name) for name in originals}
        discriminator["mapping"] = {
            value: schema_ref(self._variant(name, purpose))
            if isinstance(target, str)
            and (name := component_name({"$ref": target})) is not None
            and self._differs(name, purpose)
            else target
            for value, target in mapping.items()
        }

    def _original(self, branch: Any) -> str | None:
        """The component a branch referred to before it was pointed at a variant."""
        name = component_name(branch)
        originals = {variant: original for (original, _), variant in self._made.items()}
        return originals.get(name, name) if name is not None else None


def _affected(schemas: dict[str, Any], annotation: str) -> set[str]:
    """The components with a property marked `annotation`, or referring to one that has."""
    references = {
        name: {r for node in nested(schema) if (r := component_name(node)) is not None}
        for name, schema in schemas.items()
    }
    affected = {
        name
        for name, schema in schemas.items()
        if any(
            _has(p, annotation)
            for node in nested(schema)
            if isinstance(node.get("properties"), dict)
            for p in node["properties"].values()
        )
    }
    grown = True
    while grown:
        more = {name for name, refs in references.items() if refs & affected} - affected
        affected |= more
        grown = bool(more)
    return affected


def _files(schema: Any) -> Iterator[tuple[dict[str, Any], str]]:
    """(properties, name) of each top-level file property (or array of files) of `schema`."""
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict):
        return
    for name, value in properties.items():
        if not isinstance(value, dict):
            continue
        items = value.get("items") if value.get("type") == "array" else value
        if _is_file(items):
            yield properties, name


def _is_file(schema: Any) -> bool:
    if not isinstance(schema, dict) or schema.get("type") not in ("string", None):
        return False
    return schema.get("format") == "binary" or (
        "contentMediaType" in schema and "contentEncoding" not in schema
    )


def _has(schema: Any, annotation: str) -> bool:
    return isinstance(schema, dict) and schema.get(annotation) is True


def _contents(holder: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    content = holder.get("content") if isinstance(holder, dict) else None
    if isinstance(content, dict):
        yield from ((k, v) for k, v in content.items() if isinstance(v, dict))


def _reference_counts(document: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in mappings(document):
        if (name := component_name(node)) is not None:
            counts[name] = counts.get(name, 0) + 1
    return counts
