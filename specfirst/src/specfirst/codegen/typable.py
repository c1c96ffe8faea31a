"""Schemas rewritten where datamodel-code-generator's models of them would not type-check, into
schemas that validate the same documents (pydantic_models.py runs this on its copy):

- A `$ref` to a scalar component (a string, a number, an enum: `Format: {enum: [text, json]}`,
  or a union of them) inside another schema is the component's schema, written in place: the
  models would type the field as the component's root model (`format: Format`), which a
  default (`= "text"`), or a subclass's narrower enum, is not an instance of. So is a `$ref`
  with a default to any component but an object. (Handlers get the value itself, not a
  wrapper of it; the component still has its model.)
- A scalar or null (`anyOf: [{type: number, maximum: 1}, {type: "null"}]`) is the scalar
  with null among its types, and `allOf` of one scalar is that scalar: the models would make
  the scalar a model of its own, which the default (`= 0.1`) is not an instance of either.
- A `default` that the schema it is given for does not allow (`type: integer, default:
  "10"`) is left out, with a warning: the spec contradicts itself. So is a default object or
  array (not empty), which the models would have to write as a model's instance, and the
  default of a union whose alternatives have bounds of their own (`anyOf: [{enum: [auto]},
  {type: integer, maximum: 50}], default: auto`): the models make each such alternative a
  model, and give it the union's default.
- A property an `allOf` member declares again, after a `$ref`'d member declared it (`Task:
  allOf [TaskCompact, {properties: {status: ...}}]`), is what both declarations allow: the
  models make the `$ref`'d member the base class and the property a field of the subclass,
  whose type must then be one of the base's. Enums keep their common values, types their
  common types (null only where both allow it); anything else is `allOf` of both, where the
  first declaration is a named object (the field's type is then a subclass of it). Where the
  two allow no value in common (the spec contradicts itself), or where the first is an
  object no class can be a subclass of (a free-form object, a dict; an inline object), the
  first declaration is kept, with a warning: the second is then not checked.
"""

import copy
import importlib
from collections.abc import Mapping
from typing import Any, Final

from pydantic import TypeAdapter, ValidationError

from specfirst.codegen.walking import component_name, schema_ref
from specfirst.documents.schemas import document_schemas
from specfirst.runtime.formats import FORMAT_TYPES
from specfirst.runtime.pointers import PointerError, follow, pointer
from specfirst.runtime.shapes import OBJECT, shape

# Keywords that say nothing of which values are valid.
_ANNOTATIONS: Final = frozenset(
    {"title", "description", "example", "examples", "deprecated", "readOnly", "writeOnly"}
    | {"externalDocs", "xml", "default", "$comment"}
)


def make_typable(document: dict[str, Any], keep: frozenset[str] = frozenset()) -> list[str]:
    """Rewrite `document` in place (module docstring); the warnings of contradictions. The
    components named in `keep` are referred to as they are (a type is given for them)."""
    warnings: list[str] = []
    names = {id(schema): name for name, schema in _components(document).items()}
    for schema in list(document_schemas(document)):
        _collapse_nullable_scalar(schema)
    for schema in list(document_schemas(document)):
        _inline_scalar_references(schema, document, keep)
        _collapse_scalar_all_of(schema)
    for schema in list(document_schemas(document)):
        _widen_to_mapped_values(schema, document, names.get(id(schema)), warnings)
        _subclass_mapped_bases(schema, document)
    for schema in list(document_schemas(document)):
        _intersect_redeclared(schema, document, names.get(id(schema)), warnings)
        _leave_out_contradicting_default(schema, document, names.get(id(schema)), warnings)
    return warnings


def _components(document: Mapping[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    return schemas


def _inline_scalar_references(
    schema: dict[str, Any], document: Mapping[str, Any], keep: frozenset[str]
) -> None:
    """Each `$ref` to a plain scalar component directly inside `schema` (a property, the
    items, the additional properties, an alternative), as the component's schema."""
    for key in ("items", "additionalProperties", "not"):
        if (inlined := _inlined(schema.get(key), document, keep)) is not None:
            schema[key] = inlined
    for key in ("properties", "patternProperties"):
        named = schema.get(key)
        if isinstance(named, dict):
            for name, sub in named.items():
                if (inlined := _inlined(sub, document, keep)) is not None:
                    named[name] = inlined
    for key in ("allOf", "anyOf", "oneOf", "prefixItems"):
        listed = schema.get(key)
        if isinstance(listed, list):
            for index, sub in enumerate(listed):
                if (inlined := _inlined(sub, document, keep)) is not None:
                    listed[index] = inlined


def _inlined(node: Any, document: Mapping[str, Any], keep: frozenset[str]) -> dict[str, Any] | None:
    """A copy of the plain scalar `node` refers to (a component's, or any other schema's), with
    `node`'s own keywords; None when `node` is not such a reference."""
    if not isinstance(node, dict) or not isinstance(node.get("$ref"), str):
        return None
    if component_name(node) in keep:
        return None
    target = _resolved(document, node)
    if not isinstance(target, dict):
        return None
    # A default for the root model of something else than an object (a union with one, an
    # array) is no more an instance of it than a scalar's.
    defaulted = ("default" in node or "default" in target) and not _is_object_model(target)
    if not (_is_scalar(target) or _is_scalar_union(target) or defaulted):
        return None
    return {**copy.deepcopy(target), **{k: v for k, v in node.items() if k != "$ref"}}


def _collapse_nullable_scalar(schema: dict[str, Any]) -> None:
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if not isinstance(branches, list) or len(branches) != 2:
            continue
        scalars = [b for b in branches if isinstance(b, dict) and not _is_null(b)]
        if len(scalars) != 1 or not _is_scalar(scalars[0]) or "type" not in scalars[0]:
            continue
        if any(key not in _ANNOTATIONS for key in schema if key != keyword):
            continue  # the union is not all the schema says
        [scalar] = scalars
        del schema[keyword]
        types = _types(scalar) or []
        merged = {**scalar, **schema, "type": [*(t for t in types if t != "null"), "null"]}
        if isinstance(merged.get("enum"), list) and None not in merged["enum"]:
            merged["enum"] = [*merged["enum"], None]
        schema.clear()
        schema.update(merged)
        return


def _collapse_scalar_all_of(schema: dict[str, Any]) -> None:
    """`allOf` of one plain scalar, and nothing else but annotations, as that scalar."""
    members = schema.get("allOf")
    if not isinstance(members, list) or len(members) != 1:
        return
    [member] = members
    if not isinstance(member, dict) or not _is_scalar(member):
        return
    if any(key not in _ANNOTATIONS for key in schema if key != "allOf"):
        return
    del schema["allOf"]
    schema.update({**member, **schema})


def _is_null(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") in ("null", ["null"]) and len(_meaning(schema)) == 1


def _leave_out_contradicting_default(
    schema: dict[str, Any], document: Mapping[str, Any], name: str | None, warnings: list[str]
) -> None:
    if "default" not in schema:
        return
    where = pointer("components", "schemas", name) if name else "a schema"
    default = schema["default"]
    if not allows(schema, default, document):
        warnings.append(f"{where}: default {default!r} is not a value the schema allows: left out")
    elif isinstance(default, dict | list) and default:
        # An object is a model's instance, which the models cannot write as a default.
        warnings.append(f"{where}: default {default!r}, an object or array: left out")
    elif any(_bounded(branch) for key in ("anyOf", "oneOf") for branch in schema.get(key, [])):
        warnings.append(
            f"{where}: default {default!r} of alternatives with bounds of their own: left out"
        )
    else:
        return
    del schema["default"]


def _bounded(schema: Any) -> bool:
    """Whether a schema says more of a value than its type and values (a bound, a length, a
    pattern, a reference)."""
    if not isinstance(schema, Mapping):
        return False
    return any(key not in (*_ANNOTATIONS, "type", "enum", "const") for key in schema)


def allows(schema: Any, value: Any, document: Mapping[str, Any]) -> bool:
    """Whether `schema` allows `value`, as far as its type, enum, alternatives and format tell
    (other keywords are not looked at: a default they refuse is left for validation)."""
    resolved = _resolved(document, schema)
    if not isinstance(resolved, Mapping):
        return True
    values = _values(resolved)
    if values is not None and value not in values:
        return False
    alternatives = [*resolved.get("anyOf", []), *resolved.get("oneOf", [])]
    if alternatives and not any(allows(branch, value, document) for branch in alternatives):
        return False
    types = _types(resolved)
    if types is not None and _json_type(value) not in types:
        return _json_type(value) == "integer" and "number" in types
    return _format_allows(resolved.get("format"), value)


def _format_allows(format_: Any, value: Any) -> bool:
    """Whether a string of `format_` (one of the table's) may be `value`: its type takes it."""
    typed = FORMAT_TYPES.get(format_) if isinstance(format_, str) else None
    if typed is None or not isinstance(value, str):
        return True
    module, name = typed.rsplit(".", 1)
    try:
        TypeAdapter(getattr(importlib.import_module(module), name)).validate_python(value)
    except ValidationError:
        return False
    except ImportError:  # `email` needs email-validator, which the generator does not
        return True
    return True


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _widen_to_mapped_values(
    schema: dict[str, Any], document: Mapping[str, Any], name: str | None, warnings: list[str]
) -> None:
    """A discriminating property whose enum lacks values the discriminator's mapping names
    (`mapping: {rename: ...}`, `enum: [reboot]`), in the schema of the discriminator or of its
    alternatives (and their bases): the spec means them valid, and a subtype's field of that
    value must fit the base's; they are added, with a warning."""
    discriminator = schema.get("discriminator")
    if not isinstance(discriminator, dict) or not isinstance(discriminator.get("mapping"), dict):
        return
    mapping, prop = discriminator["mapping"], discriminator.get("propertyName")
    holders = [schema, *_alternatives(schema)]
    seen: set[int] = set()
    while holders:
        holder = _resolved(document, holders.pop())
        if not isinstance(holder, dict) or id(holder) in seen:
            continue
        seen.add(id(holder))
        holders.extend(_members(holder))
        declared = holder.get("properties", {}).get(prop)
        enum = declared.get("enum") if isinstance(declared, dict) else None
        missing = [value for value in mapping if isinstance(enum, list) and value not in enum]
        if isinstance(enum, list) and missing:
            enum.extend(missing)
            where = pointer("components", "schemas", name) if name else "a discriminator"
            warnings.append(
                f"{where}: the mapping's values {missing} are not in the enum of {prop!r}: "
                "added to it"
            )


def _subclass_mapped_bases(schema: dict[str, Any], document: dict[str, Any]) -> None:
    """A discriminated union one of whose alternatives is the base of others (`anyOf: [Action,
    Rename]`, `Rename: allOf [Action, ...]`, the mapping giving Action the values no subtype
    has): the models would narrow the base's discriminating field to those values, which the
    subtypes' values are not among. That alternative becomes a subclass of its own
    (`<Name>Plain: allOf [Action]`), in the alternatives and the mapping alike."""
    discriminator = schema.get("discriminator")
    mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
    if not isinstance(discriminator, dict) or not isinstance(mapping, dict):
        return
    refs = [b["$ref"] for b in _alternatives(schema) if isinstance(b.get("$ref"), str)]
    bases = {
        member["$ref"]
        for ref in refs
        for member in _members(_resolved(document, {"$ref": ref}))
        if isinstance(member.get("$ref"), str)
    }
    schemas = _components(document)
    for base in sorted(set(refs) & bases):
        name = component_name({"$ref": base})
        if name is None:
            continue
        plain, number = f"{name}Plain", 1
        while plain in schemas:
            number += 1
            plain = f"{name}Plain{number}"
        schemas[plain] = {"allOf": [{"$ref": base}]}
        swapped = {base: schema_ref(plain)}
        for keyword in ("anyOf", "oneOf"):
            if isinstance(schema.get(keyword), list):
                schema[keyword] = [
                    {"$ref": swapped[b["$ref"]]}
                    if isinstance(b, dict) and b.get("$ref") in swapped
                    else b
                    for b in schema[keyword]
                ]
        discriminator["mapping"] = {
            value: swapped.get(target, target) if isinstance(target, str) else target
            for value, target in discriminator["mapping"].items()
        }


def _alternatives(schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    branches = [*schema.get("anyOf", []), *schema.get("oneOf", [])]
    return [branch for branch in branches if isinstance(branch, dict)]


def _members(schema: Any) -> list[dict[str, Any]]:
    members = schema.get("allOf") if isinstance(schema, Mapping) else None
    return [m for m in members if isinstance(m, dict)] if isinstance(members, list) else []


def _intersect_redeclared(
    schema: dict[str, Any], document: Mapping[str, Any], name: str | None, warnings: list[str]
) -> None:
    members = schema.get("allOf")
    if not isinstance(members, list):
        return
    inherited: dict[str, Any] = {}
    references = [m for m in members if isinstance(m, dict) and isinstance(m.get("$ref"), str)]
    for member in references:
        inherited.update(_declared_properties(member, document, set()))
    # The schema's own properties, beside its allOf, are the subclass's too.
    for member in [*members, schema]:
        properties = member.get("properties") if isinstance(member, dict) else None
        if member in references or not isinstance(properties, dict):
            continue
        for prop, redeclared in list(properties.items()):
            if prop not in inherited or _meaning(redeclared) == _meaning(inherited[prop]):
                continue
            both = _intersection(inherited[prop], redeclared, document)
            where = pointer("components", "schemas", name) if name else "an allOf"
            if both is None:
                warnings.append(
                    f"{where}: property {prop!r} is declared again allowing none of the values "
                    "its first declaration allows: read as the first declaration"
                )
            elif "allOf" in both and not _is_object_reference(inherited[prop], document):
                warnings.append(
                    f"{where}: property {prop!r} is declared again, as what its first "
                    "declaration (not a named object) cannot be a subclass of: read as the "
                    "first declaration, the second not checked"
                )
            else:
                properties[prop] = both
                continue
            del properties[prop]  # the field is the base class's


def _declared_properties(
    schema: Any, document: Mapping[str, Any], seen: set[str]
) -> dict[str, Any]:
    """The properties a schema declares, through its `$ref` and `allOf` (the last wins)."""
    ref = schema.get("$ref") if isinstance(schema, Mapping) else None
    if isinstance(ref, str):
        if ref in seen:
            return {}
        seen = seen | {ref}
    resolved = _resolved(document, schema)
    if not isinstance(resolved, Mapping):
        return {}
    found: dict[str, Any] = {}
    for member in resolved.get("allOf", []):
        found.update(_declared_properties(member, document, seen))
    properties = resolved.get("properties")
    found.update(properties if isinstance(properties, Mapping) else {})
    return found


def _intersection(first: Any, second: Any, document: Mapping[str, Any]) -> Any:
    """A schema for the values both allow (module docstring); None when there is none."""
    one, other = _resolved(document, first), _resolved(document, second)
    if not (isinstance(one, Mapping) and isinstance(other, Mapping)):
        return {"allOf": [first, second]}
    if _is_scalar(one) and _is_scalar(other):
        types = _common_types(one, other)
        values = _common_values(one, other)
        if types == [] or values == []:
            return None
        both = {
            key: value
            for key, value in {**one, **other}.items()
            if key not in ("type", "enum", "const", "nullable")
        }
        if types is not None:
            both["type"] = types[0] if len(types) == 1 else types
        if values is not None:
            both["enum"] = values
        return both
    return {"allOf": [first, second]}


def _is_object_reference(schema: Any, document: Mapping[str, Any]) -> bool:
    """A `$ref` to an object's model: a subclass of it can be made (what `allOf` makes)."""
    target = _resolved(document, schema)
    is_reference = isinstance(schema, Mapping) and "$ref" in schema
    return is_reference and isinstance(target, Mapping) and _is_object_model(target)


def _is_object_model(schema: Mapping[str, Any]) -> bool:
    return shape(schema) == OBJECT or "allOf" in schema


def _is_scalar_union(schema: Mapping[str, Any]) -> bool:
    """`anyOf`/`oneOf` of plain scalars, and nothing else but annotations."""
    keyword = "anyOf" if "anyOf" in schema else "oneOf"
    branches = schema.get(keyword)
    return (
        isinstance(branches, list)
        and all(isinstance(b, Mapping) and _is_scalar(b) for b in branches)
        and all(key in _ANNOTATIONS for key in schema if key != keyword)
    )


def _is_scalar(schema: Mapping[str, Any]) -> bool:
    plain = not any(key in schema for key in ("allOf", "anyOf", "oneOf", "not", "$ref"))
    return plain and shape(schema) != OBJECT and "items" not in schema


def _types(schema: Mapping[str, Any]) -> list[str] | None:
    """The schema's types, null among them where it says so: by type, or (a 3.0 habit that
    3.1 documents keep, and the models honour) `nullable: true`."""
    declared = schema.get("type")
    if declared is None:
        return None
    types = list(declared) if isinstance(declared, list) else [declared]
    return [*types, "null"] if schema.get("nullable") is True and "null" not in types else types


def _common_types(one: Mapping[str, Any], other: Mapping[str, Any]) -> list[str] | None:
    first, second = _types(one), _types(other)
    if first is None or second is None:
        return first if second is None else second
    common = [kind for kind in first if kind in second]
    if ("integer" in first and "number" in second) or ("number" in first and "integer" in second):
        common.append("integer")  # an integer is a number
    return list(dict.fromkeys(common))


def _values(schema: Mapping[str, Any]) -> list[Any] | None:
    if "const" in schema:
        return [schema["const"]]
    enum = schema.get("enum")
    return list(enum) if isinstance(enum, list) else None


def _common_values(one: Mapping[str, Any], other: Mapping[str, Any]) -> list[Any] | None:
    first, second = _values(one), _values(other)
    if first is None or second is None:
        return first if second is None else second
    return [value for value in first if value in second]


def _meaning(schema: Any) -> Any:
    """`schema` without its annotations: what it says of which values are valid."""
    if not isinstance(schema, Mapping):
        return schema
    return {key: value for key, value in schema.items() if key not in _ANNOTATIONS}


def _resolved(document: Mapping[str, Any], schema: Any) -> Any:
    try:
        return follow(document, schema)
    except PointerError:
        return None  # a reference that does not resolve: the parser refuses it, naming it
