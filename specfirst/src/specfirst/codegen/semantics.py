"""Rules of OpenAPI that its schema cannot express, checked on the bundled document before the
generator reads it; each problem is one line, the JSON pointer of the place and what is wrong:

- every local `$ref` resolves, and no chain of `$ref`s comes back to itself without a value
  between (`A: {$ref: B}`, `B: {$ref: A}`: there is nothing to read);
- a `$ref` where a parameter, response, request body, header or path item belongs leads to
  one (the OpenAPI schema checks what is written in place, not what a `$ref` points at);
- every `{name}` of a path template is a declared path parameter of each of its operations,
  and every declared path parameter is in the template;
- no two templates have the same shape (`/pets/{id}` and `/pets/{name}`: no request could be
  told to be one or the other).
"""

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from specfirst.codegen.walking import as_mapping, methods
from specfirst.runtime.pointers import PointerError, follow, pointer, resolve

_TEMPLATE: Final = re.compile(r"\{([^{}]*)\}")
_MISSING: Final = object()  # what a $ref that resolves to nothing leads to


def semantic_problems(document: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The problems of `document` (each a refusal), and the rules it breaks harmlessly (each
    a warning: two templates of one shape whose methods differ are served as they are)."""
    warnings: list[str] = []
    problems = [
        *_reference_problems(document),
        *_target_problems(document),
        *_path_problems(document, warnings),
    ]
    return problems, warnings


def _reference_problems(document: Mapping[str, Any]) -> Iterator[str]:
    for place, ref in _references(document):
        seen = [ref]
        target = _followed(document, ref)
        while isinstance(target, Mapping) and "$ref" in target:
            next_ref = target["$ref"]
            if not isinstance(next_ref, str) or next_ref in seen:
                yield f"{place}: $ref {ref!r} comes back to itself through {' -> '.join(seen)}"
                break
            seen.append(next_ref)
            target = _followed(document, next_ref)
        if target is _MISSING:
            yield f"{place}: $ref {seen[-1]!r} points at nothing"


def _followed(document: Mapping[str, Any], ref: str) -> Any:
    try:
        return resolve(document, ref)
    except PointerError:
        return _MISSING


def _references(document: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(the place, the reference) of each local `$ref` of the document. (Bundling made every
    other one local, or refused it.)"""
    pending: list[tuple[tuple[object, ...], Any]] = [((), document)]
    while pending:
        place, node = pending.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield pointer(*place), ref
            pending.extend(
                ((*place, key), value)
                for key, value in node.items()
                if key not in ("example", "examples")  # data, which may hold a "$ref" key
            )
        elif isinstance(node, list):
            pending.extend(((*place, index), item) for index, item in enumerate(node))


# What OpenAPI requires of each kind of object a `$ref` may stand for.
_REQUIRED_FIELDS: Final = {
    "parameter": ("name", "in"),
    "response": ("description",),
    "request body": ("content",),
    "header": (),
    "path item": (),
}


_COMPONENT_KINDS: Final = {
    "parameters": "parameter",
    "responses": "response",
    "requestBodies": "request body",
    "headers": "header",
}


def _target_problems(document: Mapping[str, Any]) -> Iterator[str]:
    for place, node, kind in _typed_places(document):
        if not isinstance(node, Mapping):
            # Only a component can be something else: the schema checks the other places,
            # but not a component whose name it does not take as one (`$ref`, `a b`).
            yield f"{pointer(*place)}: not a {kind}"
            continue
        if not isinstance(node.get("$ref"), str):
            continue
        target = _resolved(document, node)
        missing = [field for field in _REQUIRED_FIELDS[kind] if field not in target]
        if not target or missing:
            lacks = f"no {missing[0]!r}" if target else "nothing there"
            yield f"{pointer(*place)}: $ref {node['$ref']!r} leads to no {kind} ({lacks})"


def _typed_places(document: Mapping[str, Any]) -> Iterator[tuple[tuple[object, ...], Any, str]]:
    """(place, node, kind) of each place where a parameter, response, request body, header or
    path item belongs."""
    components = as_mapping(document.get("components"))
    for section, kind in _COMPONENT_KINDS.items():
        for name, node in as_mapping(components.get(section)).items():
            yield ("components", section, name), node, kind
    for path, path_item in as_mapping(document.get("paths")).items():
        yield ("paths", path), path_item, "path item"
        item = _resolved(document, path_item)
        owners: list[tuple[tuple[object, ...], Mapping[str, Any]]] = [(("paths", path), item)]
        owners += [(("paths", path, method), op) for method, op in methods(item)]
        for where, owner in owners:
            listed = owner.get("parameters")
            for index, parameter in enumerate(listed if isinstance(listed, list) else ()):
                yield (*where, "parameters", index), parameter, "parameter"
            if "requestBody" in owner:
                yield (*where, "requestBody"), owner["requestBody"], "request body"
            for status, response in as_mapping(owner.get("responses")).items():
                yield (*where, "responses", status), response, "response"
                headers = as_mapping(_resolved(document, response).get("headers"))
                for name, header in headers.items():
                    yield (*where, "responses", status, "headers", name), header, "header"


def _path_problems(document: Mapping[str, Any], warnings: list[str]) -> Iterator[str]:
    paths = document.get("paths")
    if not isinstance(paths, Mapping):
        return
    shapes: dict[str, tuple[str, set[str]]] = {}  # shape → the first path, its methods
    for path, path_item in paths.items():
        template = str(path).partition("#")[0]  # a fragment is never sent (parse/operations.py)
        names = _TEMPLATE.findall(template)
        operations = list(methods(path_item))
        if names and "#" not in str(path):
            yield from _same_shape(path, {m for m, _ in operations}, shapes, warnings)
        for method, operation in operations:
            declared = _path_parameters(document, path_item, operation)
            where = pointer("paths", path, method)
            for name in sorted(set(names) - declared):
                yield f"{where}: path parameter {{{name}}} is not declared"
            for name in sorted(declared - set(names)):
                yield f"{where}: path parameter {name!r} is declared but not in the path"


def _same_shape(
    path: str, verbs: set[str], shapes: dict[str, tuple[str, set[str]]], warnings: list[str]
) -> Iterator[str]:
    """Two templates of one shape (`/pets/{id}`, `/pets/{name}`): OpenAPI forbids them. With a
    method in common no request could be told to be one or the other; with none, each
    request goes to the one with its method, and the spec is only warned about."""
    shape = _TEMPLATE.sub("{}", path)
    if shape not in shapes:
        shapes[shape] = (path, set(verbs))
        return
    first, first_verbs = shapes[shape]
    both = sorted(first_verbs & verbs)
    said = f"{pointer('paths', path)}: the same template as {pointer('paths', first)}"
    if both:
        shared = ", ".join(method.upper() for method in both)
        yield f"{said}, with {shared} on both: no request could be told to be one or the other"
    else:
        warnings.append(f"{said}: OpenAPI forbids it; served, their methods being apart")
    first_verbs.update(verbs)


def _path_parameters(
    document: Mapping[str, Any], path_item: Mapping[str, Any], operation: Mapping[str, Any]
) -> set[str]:
    declared: set[str] = set()
    for owner in (path_item, operation):
        listed = owner.get("parameters")
        for parameter in listed if isinstance(listed, list) else ():
            resolved = _resolved(document, parameter)
            if resolved.get("in") == "path" and isinstance(resolved.get("name"), str):
                declared.add(resolved["name"])
    return declared


def _resolved(document: Mapping[str, Any], node: Any) -> Mapping[str, Any]:
    """`node`, its `$ref`s followed; empty where they lead nowhere or round (each reported by
    _reference_problems)."""
    try:
        return as_mapping(follow(document, node))
    except PointerError:
        return {}
