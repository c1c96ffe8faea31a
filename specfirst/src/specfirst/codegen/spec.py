"""Reads an OpenAPI 3.1 document into the small, typed picture of it the templates need.

Everything the route templates render comes from here, and every shape of the spec that the
generated binding could not serve faithfully is refused here, with the JSON pointer of the
offending place, rather than generating code that silently does something else.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

from specfirst.codegen.naming import pascal_case, snake_case

HTTP_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_MEDIA_TYPES: Final = ("application/json", "application/problem+json")
FORM_MEDIA_TYPE: Final = "application/x-www-form-urlencoded"
SNAKE_CASE: Final = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
SCHEMA_REF_PREFIX: Final = "#/components/schemas/"
RESPONSE_REF_PREFIX: Final = "#/components/responses/"


class SpecError(ValueError):
    """The spec uses something the generator cannot turn into a faithful binding."""


@dataclass(frozen=True)
class Spec:
    """The parsed document: what the generated package is made from."""

    path: Path
    sha256: str
    document: Mapping[str, Any]
    operations: tuple[Operation, ...]
    security_scheme: SecurityScheme | None

    @property
    def response_classes(self) -> tuple[ResponseClass, ...]:
        """Every response class, once: the shared ones (`components/responses`, by name), then
        each operation's own, in operation order."""
        unique = {r.class_name: r for op in self.operations for r in op.responses}
        shared = sorted((r for r in unique.values() if r.shared), key=lambda r: r.class_name)
        return (*shared, *(r for r in unique.values() if not r.shared))

    def uses_format(self, name: str) -> bool:
        """Whether some schema in the document has `format: <name>`."""
        return _has_format(self.document, name)

    @property
    def tags(self) -> tuple[Tag, ...]:
        """Tags in the order the spec declares them, each with its operations."""
        declared = [entry["name"] for entry in self.document.get("tags", [])]
        used = [op.tag for op in self.operations]
        names = declared + [name for name in dict.fromkeys(used) if name not in declared]
        return tuple(
            Tag(name, tuple(op for op in self.operations if op.tag == name))
            for name in names
            if name in used
        )


@dataclass(frozen=True)
class SecurityScheme:
    """The one bearer-token scheme secured operations use (OAuth2 password flow)."""

    name: str
    token_url: str


@dataclass(frozen=True)
class Tag:
    """An operation set: one generated interface, implemented by one handler class."""

    name: str
    operations: tuple[Operation, ...]

    @property
    def interface_name(self) -> str:
        return f"{pascal_case(self.name)}Handlers"

    @property
    def is_secured(self) -> bool:
        return any(op.security for op in self.operations)


@dataclass(frozen=True)
class Parameter:
    """A path, query or header parameter, typed from its schema."""

    name: str
    location: str
    required: bool
    python_type: str
    default: str | None
    constraints: tuple[tuple[str, str], ...]

    @property
    def python_name(self) -> str:
        return snake_case(self.name)


@dataclass(frozen=True)
class RequestBody:
    """The body of an operation: a JSON document or a URL-encoded form, as one model."""

    model: str
    media_types: tuple[str, ...]
    required: bool

    @property
    def is_form(self) -> bool:
        return self.media_types == (FORM_MEDIA_TYPE,)

    @property
    def argument_name(self) -> str:
        return "form" if self.is_form else "body"


@dataclass(frozen=True)
class Header:
    """A response header: a typed field of the response class."""

    wire_name: str
    required: bool

    @property
    def python_name(self) -> str:
        return snake_case(self.wire_name)


@dataclass(frozen=True)
class ResponseClass:
    """One generated response class: a status of one operation, or an entry of
    `components/responses` (`shared`), one class however many operations `$ref` it."""

    class_name: str
    status: int
    model: str | None
    media_type: str | None
    headers: tuple[Header, ...]
    shared: bool


@dataclass(frozen=True)
class Operation:
    """One operation of the spec: one interface method and one bound route."""

    operation_id: str
    method: str
    path: str
    tag: str
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: tuple[ResponseClass, ...]
    security: tuple[str, ...]
    is_oauth2_token_endpoint: bool

    @property
    def argument_names(self) -> tuple[str, ...]:
        """Keyword arguments of the handler method, in order."""
        names = ["principal"] if self.security else []
        names += [p.python_name for p in self.parameters]
        names += [self.body.argument_name] if self.body else []
        return tuple(names)

    @property
    def response_union_name(self) -> str:
        return f"{pascal_case(self.operation_id)}Response"

    @property
    def answers_unavailable(self) -> bool:
        """Whether a 503 is declared: the binding then answers it when a dependency is down."""
        return 503 in {r.status for r in self.responses}

    @property
    def invalid_request_status(self) -> int:
        """Status of a request breaking the bounds: 422, or 400 if only 400 is declared."""
        statuses = {r.status for r in self.responses}
        return 422 if 422 in statuses else 400

    @property
    def route_sort_key(self) -> tuple[tuple[int, str], ...]:
        """Static segments sort before templated ones: `/users/me` wins over `/users/{user_id}`."""
        return tuple(
            (1, "") if segment.startswith("{") else (0, segment)
            for segment in self.path.strip("/").split("/")
        )


def _has_format(node: Any, name: str) -> bool:
    if isinstance(node, Mapping):
        return node.get("format") == name or any(_has_format(v, name) for v in node.values())
    if isinstance(node, list):
        return any(_has_format(item, name) for item in node)
    return False


def load_spec(path: Path) -> Spec:
    """Parse and check the spec at `path`; raise SpecError naming the first problem found."""
    raw = path.read_bytes()
    document = yaml.safe_load(raw)
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3.1"):
        raise SpecError(f"{path}: expected an OpenAPI 3.1 document")
    resolver = _Resolver(document)
    token_urls = _oauth2_token_urls(document)
    raw_operations = [
        (spec_path, method, path_item)
        for spec_path, path_item in document.get("paths", {}).items()
        for method in HTTP_METHODS
        if method in path_item
    ]
    shared_statuses: dict[str, set[str]] = {}
    for _, method, path_item in raw_operations:
        for status, node in path_item[method].get("responses", {}).items():
            if (name := _shared_response_name(node)) is not None:
                shared_statuses.setdefault(name, set()).add(str(status))
    operations = [
        _parse_operation(
            resolver,
            spec_path,
            method,
            path_item,
            token_urls,
            document.get("security", []),
            shared_statuses,
        )
        for spec_path, method, path_item in raw_operations
    ]
    _check_unique_ids(operations)
    _check_unique_class_names(operations)
    used_schemes = sorted({name for op in operations for name in op.security})
    if len(used_schemes) > 1:
        raise SpecError(f"operations use several security schemes {used_schemes}; one is supported")
    return Spec(
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        document=document,
        operations=tuple(operations),
        security_scheme=(
            SecurityScheme(used_schemes[0], token_urls[used_schemes[0]]) if used_schemes else None
        ),
    )


class _Resolver:
    """Follows local `$ref`s (`#/components/...`); the generator reads no other files."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        seen: set[str] = set()
        while "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
                raise SpecError(f"unsupported or circular $ref {ref!r}")
            seen.add(ref)
            target: Any = self._document
            for part in ref[2:].split("/"):
                key = part.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, Mapping) or key not in target:
                    raise SpecError(f"$ref {ref!r} does not resolve")
                target = target[key]
            node = target
        return node


def _oauth2_token_urls(document: Mapping[str, Any]) -> dict[str, str]:
    """Map each security scheme name to its OAuth2 password-flow token URL."""
    schemes = document.get("components", {}).get("securitySchemes", {})
    urls: dict[str, str] = {}
    for name, scheme in schemes.items():
        if scheme.get("type") != "oauth2" or set(scheme.get("flows", {})) != {"password"}:
            raise SpecError(f"securitySchemes/{name}: only the OAuth2 password flow is supported")
        urls[name] = scheme["flows"]["password"]["tokenUrl"]
    return urls


def _parse_operation(
    resolver: _Resolver,
    spec_path: str,
    method: str,
    path_item: Mapping[str, Any],
    token_urls: Mapping[str, str],
    default_security: list[Mapping[str, Any]],
    shared_statuses: Mapping[str, set[str]],
) -> Operation:
    raw = path_item[method]
    where = f"paths/{spec_path}/{method}"
    operation_id = raw.get("operationId", "")
    if not SNAKE_CASE.match(operation_id):
        raise SpecError(f"{where}: operationId {operation_id!r} must be snake_case")
    tags = raw.get("tags", [])
    if len(tags) != 1:
        raise SpecError(f"{where}: exactly one tag is required (it names the handler set)")
    security_requirements = raw.get("security", default_security)
    security = tuple(dict.fromkeys(name for req in security_requirements for name in req))
    unknown = [name for name in security if name not in token_urls]
    if unknown:
        raise SpecError(f"{where}: unknown security scheme(s) {unknown}")
    if len(security_requirements) > 1 or any(len(req) > 1 for req in security_requirements):
        raise SpecError(f"{where}: only a single security requirement is supported")
    parameters = _parse_parameters(resolver, where, path_item, raw)
    body = _parse_body(resolver, where, raw.get("requestBody"))
    responses = tuple(
        _parse_response(
            resolver,
            f"{where}/responses/{status}",
            _response_class_name(operation_id, str(status), response, shared_statuses),
            status,
            response,
        )
        for status, response in sorted(raw.get("responses", {}).items(), key=lambda kv: str(kv[0]))
    )
    operation = Operation(
        operation_id=operation_id,
        method=method,
        path=spec_path,
        tag=tags[0],
        parameters=parameters,
        body=body,
        responses=responses,
        security=security,
        # tokenUrl may be written relative ("token", as FastAPI's docs do) or absolute.
        is_oauth2_token_endpoint=spec_path
        in {"/" + url.lstrip("/") for url in token_urls.values()},
    )
    _check_declares_what_the_binding_returns(where, operation)
    return operation


def _parse_parameters(
    resolver: _Resolver, where: str, path_item: Mapping[str, Any], raw: Mapping[str, Any]
) -> tuple[Parameter, ...]:
    merged: dict[tuple[str, str], Mapping[str, Any]] = {}
    for node in [*path_item.get("parameters", []), *raw.get("parameters", [])]:
        parameter = resolver.resolve(node)
        merged[(parameter["name"], parameter["in"])] = parameter
    parsed = [_parse_parameter(resolver, where, p) for p in merged.values()]
    # Required before optional, so the generated signatures need no keyword gymnastics.
    return tuple(sorted(parsed, key=lambda p: (not p.required, p.location != "path")))


_SCALAR_TYPES: Final = {"integer": "int", "number": "float", "string": "str", "boolean": "bool"}
_CONSTRAINT_KEYWORDS: Final = {
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
}


def _parse_parameter(resolver: _Resolver, where: str, parameter: Mapping[str, Any]) -> Parameter:
    name, location = parameter["name"], parameter["in"]
    here = f"{where}/parameters/{name}"
    if location not in ("path", "query", "header"):
        raise SpecError(f"{here}: parameters in {location!r} are not supported")
    schema = resolver.resolve(parameter.get("schema", {}))
    kind = schema.get("type")
    nullable = isinstance(kind, list) and "null" in kind
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None) if len(kind) <= 2 else None
    if kind not in _SCALAR_TYPES:
        raise SpecError(f"{here}: only scalar parameter schemas are supported, got {kind!r}")
    python_type = _SCALAR_TYPES[kind]
    if "enum" in schema:
        python_type = "Literal[" + ", ".join(repr(v) for v in schema["enum"]) + "]"
    required = bool(parameter.get("required", False)) or location == "path"
    default = None if "default" not in schema else repr(schema["default"])
    if not required and default is None:
        python_type, default = f"{python_type} | None", "None"
    elif nullable:
        python_type = f"{python_type} | None"
    constraints = tuple(
        (argument, repr(schema[keyword]))
        for keyword, argument in _CONSTRAINT_KEYWORDS.items()
        if keyword in schema
    )
    return Parameter(
        name=name,
        location=location,
        required=required,
        python_type=python_type,
        default=default,
        constraints=constraints,
    )


def _schema_model(where: str, media: Mapping[str, Any]) -> str:
    ref = str(media.get("schema", {}).get("$ref", ""))
    if not ref.startswith(SCHEMA_REF_PREFIX):
        raise SpecError(f"{where}: the schema must be a $ref to {SCHEMA_REF_PREFIX}<Name>")
    return ref[len(SCHEMA_REF_PREFIX) :]


def _parse_body(
    resolver: _Resolver, where: str, node: Mapping[str, Any] | None
) -> RequestBody | None:
    if node is None:
        return None
    body = resolver.resolve(node)
    content = body.get("content", {})
    media_types = tuple(content)
    if not media_types or not (
        set(media_types) <= set(JSON_MEDIA_TYPES) or media_types == (FORM_MEDIA_TYPE,)
    ):
        raise SpecError(f"{where}/requestBody: JSON or a URL-encoded form only, got {media_types}")
    models = {_schema_model(f"{where}/requestBody/{m}", content[m]) for m in media_types}
    if len(models) != 1:
        raise SpecError(f"{where}/requestBody: every media type must share one schema")
    return RequestBody(
        model=models.pop(), media_types=media_types, required=bool(body.get("required"))
    )


def _shared_response_name(node: Mapping[str, Any]) -> str | None:
    """The `components/responses` entry a response `$ref`s, if it does."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(RESPONSE_REF_PREFIX):
        return ref[len(RESPONSE_REF_PREFIX) :]
    return None


def _response_class_name(
    operation_id: str, status: str, node: Mapping[str, Any], shared_statuses: Mapping[str, set[str]]
) -> str:
    """`NotFoundResponse` for an entry of `components/responses` (`NotFound404Response` when
    operations use it under several statuses); `ReadNote200Response` for the operation's own."""
    shared = _shared_response_name(node)
    if shared is None:
        return f"{pascal_case(operation_id)}{status}Response"
    if len(shared_statuses[shared]) > 1:
        return f"{pascal_case(shared)}{status}Response"
    return f"{pascal_case(shared)}Response"


def _parse_response(
    resolver: _Resolver, where: str, class_name: str, status: Any, node: Mapping[str, Any]
) -> ResponseClass:
    if not (isinstance(status, str) and status.isdigit() and 100 <= int(status) <= 599):
        raise SpecError(f"{where}: response keys must be quoted status codes, not {status!r}")
    response = resolver.resolve(node)
    content = response.get("content", {})
    if len(content) > 1:
        raise SpecError(f"{where}: one media type per response is supported")
    media_type = next(iter(content), None)
    if media_type is not None and media_type not in JSON_MEDIA_TYPES:
        raise SpecError(f"{where}: JSON responses only, got {media_type!r}")
    model = None if media_type is None else _schema_model(where, content[media_type])
    if int(status) == 204 and model is not None:
        raise SpecError(f"{where}: a 204 response has no body")
    headers = tuple(
        Header(wire_name=name, required=bool(resolver.resolve(header).get("required", False)))
        for name, header in response.get("headers", {}).items()
    )
    return ResponseClass(
        class_name=class_name,
        status=int(status),
        model=model,
        media_type=media_type,
        headers=headers,
        shared=_shared_response_name(node) is not None,
    )


def _check_declares_what_the_binding_returns(where: str, operation: Operation) -> None:
    """The binding itself answers some requests; the spec must declare those statuses."""
    statuses = {r.status for r in operation.responses}
    if not any(200 <= s < 300 for s in statuses):
        raise SpecError(f"{where}: no 2xx response declared")
    needed: dict[int, str] = {}
    if operation.parameters or operation.body:
        needed[operation.invalid_request_status] = "invalid parameters or body"
    if operation.body:
        needed[413] = "a body over the size limit"
        needed[415] = "a body of an undeclared content type"
        needed[400] = "a malformed body"
    if operation.security:
        needed[401] = "a missing or invalid token"
    missing = {s: why for s, why in needed.items() if s not in statuses}
    if missing:
        listed = ", ".join(f"{s} ({why})" for s, why in sorted(missing.items()))
        raise SpecError(f"{where}: the binding can answer {listed}; declare it")


def _check_unique_ids(operations: list[Operation]) -> None:
    seen: set[str] = set()
    for op in operations:
        if op.operation_id in seen:
            raise SpecError(f"operationId {op.operation_id!r} is used twice")
        seen.add(op.operation_id)


def _check_unique_class_names(operations: list[Operation]) -> None:
    """Each generated name must name one thing: an operation's own response class or union
    named like another one, or like a shared response, is refused."""
    named: dict[str, object] = {}
    for op in operations:
        things: list[tuple[str, object]] = [(op.response_union_name, op)]
        things += [(r.class_name, r) for r in op.responses]
        for name, thing in things:
            if named.setdefault(name, thing) != thing:
                raise SpecError(
                    f"two generated classes would be named {name}: rename an operationId or "
                    "an entry of components/responses"
                )
