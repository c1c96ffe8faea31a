"""One operation of the spec: its handler set, method name, parameters, body, responses and
security, and what the binding answers for it that the spec does not declare."""

from collections.abc import Iterable, Mapping
from typing import Any, Final

from specfirst.codegen.model import Operation, Parameter, ResponseClass, SecurityScheme, SpecError
from specfirst.codegen.naming import python_name, snake_case
from specfirst.codegen.parse.bodies import request_body
from specfirst.codegen.parse.parameters import parameters
from specfirst.codegen.parse.reading import Reading
from specfirst.codegen.parse.responses import Responses
from specfirst.codegen.parse.security import RESERVED_SET_NAMES, requirements
from specfirst.codegen.walking import operation_label
from specfirst.runtime.pointers import pointer

DEFAULT_HANDLER_SET: Final = "default"
HANDLER_SET_EXTENSION: Final = "x-handler-set"
MAX_BODY_EXTENSION: Final = "x-max-body-bytes"


def operation(
    reading: Reading,
    responses: Responses,
    schemes: Mapping[str, SecurityScheme],
    token_urls: Iterable[str],
    path: str,
    method: str,
    path_item: Mapping[str, Any],
) -> Operation:
    raw = path_item[method]
    where = pointer("paths", path, method)
    handler_set = raw.get(HANDLER_SET_EXTENSION) or next(iter(raw.get("tags", [])), None)
    tag = snake_case(str(handler_set or DEFAULT_HANDLER_SET)) or DEFAULT_HANDLER_SET
    if tag in RESERVED_SET_NAMES:
        tag += "_handlers"
    label = operation_label(raw, method, path)
    spec_id = raw.get("operationId")
    operation_id = python_name(
        spec_id if isinstance(spec_id, str) and spec_id.strip() else f"{method} {path}",
        prefix="op",
    )
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
    """`path` with each path parameter a placeholder Starlette accepts (an identifier)."""
    for parameter in declared:
        if parameter.location == "path" and not parameter.name.isidentifier():
            path = path.replace("{" + parameter.name + "}", "{" + parameter.python_name + "}")
    return path


def check_unique_ids(operations: Iterable[Operation]) -> None:
    seen: dict[str, str] = {}
    for op in operations:
        if op.operation_id in seen:
            raise SpecError(
                f"{op.pointer}: its method name {op.operation_id!r} is also "
                f"{seen[op.operation_id]}'s: rename an operationId"
            )
        seen[op.operation_id] = op.pointer


def check_unique_class_names(operations: Iterable[Operation]) -> None:
    """Each generated name must name one thing: an operation's own response class or union
    named like another one, or like a shared response, is refused."""
    named: dict[str, object] = {}
    for op in operations:
        things: list[tuple[str, object]] = [(op.response_union_name, op)]
        things += [(r.class_name, r) for r in op.responses]
        for name, thing in things:
            if named.setdefault(name, thing) != thing:
                raise SpecError(
                    f"{op.pointer}: two generated classes would be named {name}: rename an "
                    "operationId or an entry of components/responses"
                )
