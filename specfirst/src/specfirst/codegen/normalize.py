"""The document the generator reads: one dialect (OpenAPI 3.1), and a name for every body.

The spec is served as written; models are generated from this copy of it, in which:

- `format: int32` and `int64` integers are bounded as those formats are.
- A schema with object keywords (`properties`...) and no `type` is an object.
- A property an object requires but does not declare is declared, as any value.
- OpenAPI 3.0 schemas say what they mean in 3.1's JSON Schema: `nullable: true` adds "null"
  to the type (or wraps a composition in `anyOf` with null), a boolean `exclusiveMinimum`
  takes the `minimum` it qualified, and `example` becomes `examples: [example]`.
- Every schema component has a Python class name (`Pet store` → `PetStore`, `pet` → `Pet`),
  `$ref`s following it.
- A 3.2 stream's `itemSchema` is its `schema`, as a 3.1 document writes one item's schema.
- Every JSON, form (URL-encoded, multipart) or streamed body written inline (a response's, a
  request's, a webhook's or callback's payload) becomes a schema component named after where it is:
  `<Operation><Status>Body` for a response (`ListPets200Body`; `ListPetsDefaultBody`,
  `ListPets4XXBody`), `<Operation>RequestBody` for a request, with the media type's subtype
  appended when a response has several JSON media types (`...Body` + `HalJson`).
"""

import copy
from typing import Any, Final

from specfirst.codegen.naming import class_name, pascal_case
from specfirst.codegen.validate import is_untyped_object
from specfirst.codegen.walking import (
    component_name,
    methods,
    operation_label,
    operations,
    schema_ref,
    structural_mappings,
)
from specfirst.documents.schemas import document_schemas, mappings
from specfirst.runtime import media
from specfirst.runtime.shapes import OBJECT, shape

# Bodies whose schema becomes a model (others are text or bytes, whatever their schema).
_MODELLED_KINDS: Final = (media.JSON, media.FORM, media.MULTIPART)


def normalize(document: dict[str, Any]) -> dict[str, Any]:
    """A 3.1 copy of `document` (module docstring); `document` is left as it was."""
    normalized = copy.deepcopy(document)
    _boolean_roots_as_objects(normalized)
    is_30 = str(normalized.get("openapi", "")).startswith("3.0")
    for schema in document_schemas(normalized):
        if is_30:
            _to_json_schema_2020(schema)
        _bound_by_format(schema)
        if is_untyped_object(schema):
            schema["type"] = "object"
    _declare_required_properties(normalized)
    if str(normalized.get("openapi", "")).startswith("3.2"):
        _item_schemas_as_schemas(normalized)
    normalized["openapi"] = "3.1.0"
    _name_schema_components(normalized)
    _Hoister(normalized).hoist_all()
    return normalized


def _item_schemas_as_schemas(document: dict[str, Any]) -> None:
    """A 3.2 stream's `itemSchema` (each item's schema: validate.py refuses it elsewhere) as
    its `schema`, what the generator reads a stream's items by; the `schema` of the whole
    stream beside it says nothing more to the binding."""
    for _, node in list(structural_mappings(document)):
        if "itemSchema" in node and isinstance(node, dict):
            node["schema"] = node.pop("itemSchema")


# --- every schema in the document --------------------------------------------------------


def _boolean_roots_as_objects(document: dict[str, Any]) -> None:
    """A 3.1 schema may be `true` (any value) or `false` (none): where one is a whole schema
    (a component, a parameter's, header's or media type's `schema`), it is written as the
    object that means the same, `{}` or `{"not": {}}`, which every later stage reads. (Inside a
    schema, `additionalProperties: false` and its like stay as they are.)"""
    schemas = document.get("components", {}).get("schemas", {})
    holders = [schemas, *(node for node in mappings(document) if "schema" in node)]
    for holder in holders:
        for key, value in holder.items():
            if isinstance(value, bool) and (holder is schemas or key == "schema"):
                holder[key] = {} if value else {"not": {}}


def _to_json_schema_2020(schema: dict[str, Any]) -> None:
    """One OpenAPI 3.0 schema object, in place, as 3.1 writes it."""
    for bound in ("Minimum", "Maximum"):
        exclusive, inclusive = f"exclusive{bound}", bound.lower()
        if schema.get(exclusive) is True and inclusive in schema:
            schema[exclusive] = schema.pop(inclusive)
        elif isinstance(schema.get(exclusive), bool):
            del schema[exclusive]
    if "example" in schema:
        example = schema.pop("example")
        schema.setdefault("examples", [example])
    if schema.pop("nullable", False) is not True:
        return
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
        if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
            schema["enum"].append(None)
    elif "type" not in schema:
        # A composition or reference: null, or whatever the rest of the schema allows.
        annotations = ("title", "description", "default", "examples", "readOnly", "writeOnly")
        rest = {key: schema.pop(key) for key in list(schema) if key not in annotations}
        schema["anyOf"] = [rest, {"type": "null"}]


def _declare_required_properties(document: dict[str, Any]) -> None:
    """A name an object schema requires but does not declare, declared as any value: JSON
    Schema requires it all the same, and models only check the fields they have. (Not in
    `allOf`, where another member may declare it.)"""
    schemas = list(document_schemas(document))
    members = {id(m) for schema in schemas for m in schema.get("allOf", []) if isinstance(m, dict)}
    for schema in schemas:
        properties, required = schema.get("properties"), schema.get("required")
        if id(schema) in members or "allOf" in schema or not isinstance(properties, dict):
            continue
        for name in required if isinstance(required, list) else []:
            if isinstance(name, str) and name not in properties:
                properties[name] = {}


# OpenAPI's integer formats are ranges (its Data Types section): checked as the bounds they are.
_INTEGER_FORMAT_BOUNDS: Final = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _bound_by_format(schema: dict[str, Any]) -> None:
    """`format: int32` as `minimum`/`maximum`, where the schema has none tighter."""
    bounds = _INTEGER_FORMAT_BOUNDS.get(str(schema.get("format")))
    kind = schema.get("type")
    if bounds is None or not (kind == "integer" or (isinstance(kind, list) and "integer" in kind)):
        return
    low, high = bounds
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    if not isinstance(minimum, int | float) or isinstance(minimum, bool) or minimum < low:
        schema["minimum"] = low
    if not isinstance(maximum, int | float) or isinstance(maximum, bool) or maximum > high:
        schema["maximum"] = high


# --- schema components named as Python classes -------------------------------------------


def _name_schema_components(document: dict[str, Any]) -> None:
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    renamed: dict[str, str] = {}
    taken: set[str] = set()
    for name in schemas:
        # datamodel-code-generator would capitalise `pet` itself: named here, the name the
        # models get is the one the rest of the package refers to.
        new = class_name(name)
        candidate, number = new, 1
        while candidate in taken:
            number += 1
            candidate = f"{new}{number}"
        taken.add(candidate)
        if candidate != name:
            renamed[name] = candidate
    if not renamed:
        return
    document["components"]["schemas"] = {renamed.get(k, k): v for k, v in schemas.items()}
    old_refs = {schema_ref(old): schema_ref(new) for old, new in renamed.items()}
    # A discriminator's mapping refers as a `$ref` does (or by the schema's bare name).
    old_refs |= renamed
    for node in mappings(document):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref in old_refs:
            node["$ref"] = old_refs[ref]
        discriminator = node.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if isinstance(mapping, dict):
            for value, target in mapping.items():
                if isinstance(target, str) and target in old_refs:
                    mapping[value] = old_refs[target]


# --- inline bodies as named components --------------------------------------------------


class _Hoister:
    """Moves inline JSON and form body schemas into `components/schemas`, named after where
    they are."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._document = document
        self._schemas: dict[str, Any] = document.setdefault("components", {}).setdefault(
            "schemas", {}
        )

    def hoist_all(self) -> None:
        components = self._document.get("components", {})
        for name, response in components.get("responses", {}).items():
            self._hoist_response(response, class_name(name))
        for name, body in components.get("requestBodies", {}).items():
            self._hoist_content(body, f"{class_name(name)}RequestBody", request=True)
        for parameter in components.get("parameters", {}).values():
            self._hoist_parameter(parameter, "")
        for path, path_item in self._document.get("paths", {}).items():
            for parameter in path_item.get("parameters", []) if isinstance(path_item, dict) else []:
                self._hoist_parameter(parameter, class_name(path))
        for where, operation in operations(self._document):
            self._hoist_operation(operation, where)
        for name, path_item in self._document.get("webhooks", {}).items():
            for method, operation in methods(path_item):
                self._hoist_operation(operation, operation_label(operation, method, name))

    def _hoist_operation(self, operation: dict[str, Any], label: str) -> None:
        for parameter in operation.get("parameters", []):
            self._hoist_parameter(parameter, label)
        body = operation.get("requestBody")
        if isinstance(body, dict):
            self._hoist_content(body, f"{label}RequestBody", request=True)
        for status, response in operation.get("responses", {}).items():
            if isinstance(response, dict):
                key = str(status).upper()
                self._hoist_response(response, label + ("Default" if key == "DEFAULT" else key))
        for callback_name, callback in operation.get("callbacks", {}).items():
            for expression, path_item in callback.items():
                if not isinstance(path_item, dict):
                    continue
                for method, callback_operation in methods(path_item):
                    name = pascal_case(f"{callback_name} {expression}") or callback_name
                    self._hoist_operation(
                        callback_operation, f"{label}{class_name(name)}{pascal_case(method)}"
                    )

    def _hoist_parameter(self, parameter: Any, label: str) -> None:
        """A parameter's inline object schemas, as `<Operation><Parameter>Parameter`: its own,
        each among the alternatives of a value of several schemas (`anyOf`, `oneOf`: numbered
        from the second on), and an array's items (`...ParameterItem`)."""
        if not isinstance(parameter, dict) or "$ref" in parameter:
            return
        name = f"{label}{class_name(str(parameter.get('name', '')))}Parameter"
        for holder in [parameter, *parameter.get("content", {}).values()]:
            if isinstance(holder, dict) and "schema" in holder:
                self._hoist_objects(holder, "schema", name)

    def _hoist_objects(self, container: Any, key: str | int, name: str) -> None:
        schema = container[key]
        if not isinstance(schema, dict):
            return
        if self._is_inline_object(schema):
            container[key] = {"$ref": schema_ref(self._free_name(name, schema))}
            return
        for keyword in ("anyOf", "oneOf"):
            branches = schema.get(keyword)
            for index in range(len(branches) if isinstance(branches, list) else 0):
                self._hoist_objects(branches, index, name)
        if "items" in schema:
            self._hoist_objects(schema, "items", f"{name}Item")

    @staticmethod
    def _is_inline_object(schema: Any) -> bool:
        return (
            isinstance(schema, dict) and not _is_component_ref(schema) and shape(schema) == OBJECT
        )

    def _hoist_response(self, response: dict[str, Any], label: str) -> None:
        self._hoist_content(response, f"{label}Body")

    def _hoist_content(self, holder: dict[str, Any], name: str, *, request: bool = False) -> None:
        """Each inline schema of a JSON, form or streamed body in `holder["content"]`, as
        `name` (with the subtype when there are several such media types); and of a request's
        XML body (read into a model: xml_bodies.py), as `name` with its subtype (`...Xml`)."""
        content = holder.get("content")
        if not isinstance(content, dict):
            return
        json_types = [m for m in content if media.kind(m) in _MODELLED_KINDS or media.streamed(m)]
        xml_types = [m for m in content if request and media.is_xml(m)]
        for media_type in [*json_types, *xml_types]:
            item = content[media_type]
            schema = item.get("schema") if isinstance(item, dict) else None
            if not isinstance(schema, dict) or _is_component_ref(schema):
                continue
            several = len(json_types) > 1 or media_type in xml_types
            suffix = pascal_case(media_type.split("/", 1)[-1]) if several else ""
            item["schema"] = {"$ref": schema_ref(self._free_name(f"{name}{suffix}", schema))}

    def _free_name(self, name: str, schema: dict[str, Any]) -> str:
        candidate, number = name, 1
        while candidate in self._schemas:
            number += 1
            candidate = f"{name}{number}"
        self._schemas[candidate] = schema
        return candidate


def _is_component_ref(schema: dict[str, Any]) -> bool:
    return component_name(schema) is not None and len(schema) == 1
