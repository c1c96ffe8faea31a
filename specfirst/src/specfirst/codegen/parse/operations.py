"""One operation of the spec: its handler set, method name, parameters, body, responses and
security, and what the binding answers for it that the spec does not declare."""

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, Final

from specfirst.codegen.model import Operation, Parameter, ResponseClass, SecurityScheme, SpecError
from specfirst.codegen.naming import (
    RESERVED_OPERATIONS,
    RESERVED_RESPONSE_NAMES,
    class_name,
    handler_set_name,
    python_name,
)
from specfirst.codegen.parse.bodies import request_body
from specfirst.codegen.parse.parameters import parameters
from specfirst.codegen.parse.reading import Reading
from specfirst.codegen.parse.responses import Responses
from specfirst.codegen.parse.security import requirements
from specfirst.runtime.pointers import pointer

DEFAULT_HANDLER_SET: Final = "default"
HANDLER_SET_EXTENSION: Final = "x-handler-set"
MAX_BODY_EXTENSION: Final = "x-max-body-bytes"


# Where an operation is: its path and method, and its path item.
Found = tuple[str, str, Mapping[str, Any]]


def operation_names(
    reading: Reading, found: Iterable[Found]
) -> dict[tuple[str, str], tuple[str, str]]:
    """Each operation's method name and label (its class names' start), by (path, method):
    from its operationId, else its method and path. Where an earlier operation has either
    already, numbered (`list_pets_2`, `ListPets2`), with a warning."""
    names: dict[tuple[str, str], tuple[str, str]] = {}
    taken_ids: set[str] = set()
    taken_labels: set[str] = set()
    for path, method, path_item in found:
        spec_id = path_item[method].get("operationId")
        written = spec_id if isinstance(spec_id, str) and spec_id.strip() else f"{method} {path}"
        first_id = python_name(written, prefix="op", reserved=RESERVED_OPERATIONS)
        first_label = class_name(written, reserved=RESERVED_RESPONSE_NAMES)
        operation_id, label, number = first_id, first_label, 1
        while operation_id in taken_ids or label in taken_labels:
            number += 1
            operation_id, label = f"{first_id}_{number}", f"{first_label}{number}"
        if number > 1:
            reading.warnings.append(
                f"{pointer('paths', path, method)}: named {operation_id} ({label}...): another "
                f"operation is {first_id} ({first_label}...)"
            )
        taken_ids.add(operation_id)
        taken_labels.add(label)
        names[path, method] = (operation_id, label)
    return names


def operation(
    reading: Reading,
    responses: Responses,
    schemes: Mapping[str, SecurityScheme],
    token_urls: Iterable[str],
    names: tuple[str, str],
    found: Found,
) -> Operation:
    path, method, path_item = found
    raw = path_item[method]
    where = pointer("paths", path, method)
    handler_set = raw.get(HANDLER_SET_EXTENSION) or next(iter(raw.get("tags", [])), None)
    tag = handler_set_name(str(handler_set or DEFAULT_HANDLER_SET))
    operation_id, label = names
    declared_parameters = parameters(reading, where, path_item, raw)
    parsed = Operation(
        operation_id=operation_id,
        label=label,
        method=method,
        path=path,
        route_path=_route_path(path, declared_parameters),
        tag=tag,
        parameters=declared_parameters,
        body=request_body(reading, where, raw.get("requestBody")),
        responses=tuple(
            responses.response(f"{where}/responses/{status}", label, str(status), node)
            for status, node in raw.get("responses", {}).items()
        )
        or _undeclared_responses(reading, where, label),
        security=requirements(reading, where, raw, schemes),
        is_oauth2_token_endpoint=path in {"/" + url.lstrip("/") for url in token_urls},
        pointer=where,
        max_body_bytes=_max_body_bytes(where, raw),
    )
    _check_declares_what_the_binding_answers(reading, parsed)
    return parsed


def _undeclared_responses(reading: Reading, where: str, label: str) -> tuple[ResponseClass]:
    """OpenAPI 3.1 lets an operation declare no responses: it may answer any status, with no
    content, as a `default` response would."""
    reading.warnings.append(f"{where}: declares no responses: served as `default`, no content")
    response = ResponseClass(f"{label}DefaultResponse", None, (100, 599), (), (), False, where)
    return (response,)


def _check_declares_what_the_binding_answers(reading: Reading, operation: Operation) -> None:
    """The binding itself answers some requests, as problem details. A status it may answer
    that the operation does not declare is a warning (a refusal when strict); so is one the
    operation declares in another format, unless the application renders those."""
    missing = {
        status: why
        for status, why in operation.rules.binding_statuses().items()
        if operation.declared_response(status) is None
    }
    if missing:
        listed = ", ".join(f"{s} ({why})" for s, why in missing.items())
        message = f"{operation.pointer}: the binding can answer {listed}, not declared"
        if reading.strict:
            raise SpecError(f"{message}: declare it")
        reading.warnings.append(f"{message}: it answers problem+json")
    by_class: dict[str, list[int]] = {}
    for status, declared in operation.binding_responses:
        by_class.setdefault(declared.class_name, []).append(status)
    for declared_class, statuses in by_class.items():
        reading.warnings.append(
            f"{operation.pointer}: the binding answers {', '.join(map(str, statuses))} as "
            f"problem+json where the spec declares {declared_class}: give bind_routes "
            "`binding_errors` to answer in the spec's format"
        )


def _max_body_bytes(where: str, operation: Mapping[str, Any]) -> int | None:
    value = operation.get(MAX_BODY_EXTENSION)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise SpecError(f"{where}/{MAX_BODY_EXTENSION}: a positive number of bytes, not {value!r}")
    return value


def _route_path(path: str, declared: Iterable[Parameter]) -> str:
    """`path` with each path parameter a placeholder Starlette accepts (an identifier), and
    without a fragment (`/v1/conversations#stream`), which no client sends."""
    path = path.partition("#")[0]
    for parameter in declared:
        if parameter.location == "path" and not parameter.name.isidentifier():
            path = path.replace("{" + parameter.name + "}", "{" + parameter.python_name + "}")
    return path


def distinct_class_names(reading: Reading, operations: list[Operation]) -> list[Operation]:
    """The operations with every generated class named once: a class whose name another
    already has (a `components/responses` entry's, an operation's union `<Label>Response`, a
    response `<Label><Status>Response`) is numbered (`...Response2`), with a warning. The
    entries of `components/responses` are named first, then each operation's, in order."""
    taken: dict[str, tuple[str, str]] = {}  # class name → (the place, its own name)
    shared: dict[tuple[str, str], str] = {}  # (entry's pointer, its own name) → class name

    def free(name: str, where: str) -> str:
        candidate, number = name, 1
        while taken.setdefault(candidate, (where, name)) != (where, name):
            number += 1
            candidate = f"{name}{number}"
        if candidate != name:
            reading.warnings.append(f"{where}: its class is {candidate}: {name} is another's")
        return candidate

    for op in operations:
        for response in op.responses:
            key = (response.pointer, response.class_name)
            if response.shared and key not in shared:
                shared[key] = free(response.class_name, response.pointer)
    distinct = []
    for op in operations:
        responses = tuple(
            replace(
                response,
                class_name=shared[response.pointer, response.class_name]
                if response.shared
                else free(response.class_name, response.pointer),
            )
            for response in op.responses
        )
        union = free(op.response_union_name, op.pointer)
        distinct.append(replace(op, responses=responses, response_union_name=union))
    return distinct


def reachable(reading: Reading, operations: list[Operation]) -> None:
    """A path key with a fragment is served on its path without it, with a warning; where
    another operation already has that method and path, no request could tell the two apart,
    and the spec is refused."""
    served: dict[tuple[str, str], Operation] = {}
    for operation in sorted(operations, key=lambda op: "#" in op.path):
        fragment = operation.path.partition("#")[2]
        other = served.setdefault((operation.route_path, operation.method), operation)
        if other is not operation and fragment:
            raise SpecError(
                f"{operation.pointer}: a client never sends the fragment '#{fragment}', so "
                f"this operation is {operation.method.upper()} {operation.route_path}, as "
                f"{other.pointer} is: declare them as one operation (its responses' media "
                "types, such as text/event-stream beside application/json, tell the answers "
                "apart)"
            )
        if fragment:
            reading.warnings.append(
                f"{operation.pointer}: served at {operation.route_path}: a client never sends "
                f"the fragment '#{fragment}'"
            )
