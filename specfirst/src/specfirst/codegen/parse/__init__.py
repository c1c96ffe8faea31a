"""Parsing the normalized document into the generator's picture of it (codegen.model).

Every shape of the spec that the generated binding could not serve faithfully is refused here,
with the JSON pointer of the offending place and the reason, rather than generating code that
silently does something else (specfirst/README.md lists them). What the binding does that the
spec does not say (it answers a status the operation does not declare) is a warning, or with
`strict`, a refusal.
"""

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from specfirst.codegen.model import Operation, SecurityScheme, Spec, Tag
from specfirst.codegen.naming import handler_set_name
from specfirst.codegen.parse.operations import (
    distinct_class_names,
    operation,
    operation_names,
    reachable,
)
from specfirst.codegen.parse.reading import Reading
from specfirst.codegen.parse.responses import Responses
from specfirst.codegen.parse.security import oauth2_token_urls, security_schemes
from specfirst.codegen.walking import methods
from specfirst.documents.contract import document_sha256
from specfirst.runtime.pointers import pointer


def parse(
    path: Path,
    document: dict[str, Any],
    normalized: dict[str, Any],
    *,
    strict: bool = False,
    warnings: list[str] | None = None,
) -> Spec:
    """The Spec of `normalized` (the copy of `document`, as written, that normalize.py and
    variants.py made); `warnings` are those earlier stages found."""
    reading = Reading(normalized, strict=strict, warnings=list(warnings or []))
    schemes = security_schemes(reading)
    token_urls = oauth2_token_urls(reading)
    found = [
        (path_name, method, path_item)
        for path_name, path_item in normalized.get("paths", {}).items()
        for method, _ in methods(path_item)
    ]
    responses = Responses(reading, [path_item[method] for _, method, path_item in found])
    names = operation_names(reading, found)
    operations = [
        operation(reading, responses, schemes, token_urls, names[where[0], where[1]], where)
        for where in found
    ]
    reachable(reading, operations)
    operations = _apart_from_authenticators(reading, operations, schemes.values())
    operations = distinct_class_names(reading, operations)
    used = {name for op in operations for requirement in op.security for name, _ in requirement}
    return Spec(
        path=path,
        sha256=document_sha256(document),
        document=document,
        normalized=normalized,
        operations=tuple(operations),
        security_schemes=tuple(schemes[name] for name in sorted(used)),
        tags=_handler_sets(normalized, operations),
        warnings=tuple(reading.warnings),
        notes=tuple(_notes(normalized)),
    )


def _apart_from_authenticators(
    reading: Reading, operations: list[Operation], schemes: Iterable[SecurityScheme]
) -> list[Operation]:
    """Handler sets and authenticators are both keyword arguments of bind_routes: a set named
    like a scheme's authenticator is `<name>_handlers`, with a warning."""
    taken = {scheme.python_name for scheme in schemes}
    renamed = {op.tag for op in operations if op.tag in taken}
    for tag in sorted(renamed):
        reading.warnings.append(
            f"handler set {tag!r}: named {tag}_handlers: {tag} is a security scheme's"
        )
    return [replace(op, tag=f"{op.tag}_handlers") if op.tag in renamed else op for op in operations]


def _handler_sets(document: Mapping[str, Any], operations: list[Operation]) -> tuple[Tag, ...]:
    """Handler sets, in the order the spec declares their tags, each with its operations."""
    declared = [handler_set_name(str(entry.get("name", ""))) for entry in document.get("tags", [])]
    used = [op.tag for op in operations]
    names = declared + [name for name in dict.fromkeys(used) if name not in declared]
    return tuple(
        Tag(name, tuple(op for op in operations if op.tag == name))
        for name in dict.fromkeys(names)
        if name in used
    )


def _notes(document: Mapping[str, Any]) -> list[str]:
    """What the generator does with webhooks and callbacks: models, no routes."""
    notes = [
        f"{pointer('webhooks', name)}: a webhook: its payload models are generated; it makes "
        "no route (the API calls it)"
        for name in document.get("webhooks", {})
    ]
    for path, path_item in document.get("paths", {}).items():
        for method, raw in methods(path_item):
            for name in raw.get("callbacks", {}):
                notes.append(
                    f"{pointer('paths', path, method, 'callbacks', name)}: a callback: its "
                    "payload models are generated; it makes no route (the API calls it)"
                )
    return notes
