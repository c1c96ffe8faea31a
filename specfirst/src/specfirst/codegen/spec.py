"""Reads an OpenAPI 3.0 or 3.1 document into the small, typed picture of it the templates need.

Everything the templates render comes from here, and every shape of the spec that the
generated binding could not serve faithfully is refused here, with the JSON pointer of the
offending place and the reason, rather than generating code that silently does something
else (specfirst/README.md lists them). What the binding does that the spec does not say (it
answers a status the operation does not declare) is a warning, or with `strict`, a refusal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from specfirst.codegen.naming import class_name, pascal_case, python_name, snake_case
from specfirst.codegen.normalize import (
    HTTP_METHODS,
    SCHEMA_REF_PREFIX,
    component_name,
    is_untyped_object,
    normalize,
    operation_label,
)
from specfirst.codegen.variants import use_body_variants
from specfirst.runtime import media
from specfirst.runtime.documents import DocumentError, document_sha256, load_document

FORM_MEDIA_TYPE: Final = "application/x-www-form-urlencoded"
MULTIPART_FORM: Final = "multipart/form-data"
PROBLEM_MEDIA_TYPE: Final = "application/problem+json"
RESPONSE_REF_PREFIX: Final = "#/components/responses/"
DEFAULT_HANDLER_SET: Final = "default"
HANDLER_SET_EXTENSION: Final = "x-handler-set"
MAX_BODY_EXTENSION: Final = "x-max-body-bytes"
# Names the generated signatures use themselves (interfaces, endpoints).
RESERVED_ARGUMENT_NAMES: Final = frozenset(
    {"self", "auth", "body", "form", "handlers", "result", "router"}
)
RESERVED_SET_NAMES: Final = frozenset(
    {"router", "security", "describe_unavailable", "binding_errors"}
)
# OpenAPI: header parameters with these names are ignored (the request's own fields).
IGNORED_HEADER_PARAMETERS: Final = frozenset({"accept", "content-type", "authorization"})
# Response headers OpenAPI says to ignore: the body's media type is the response's own.
IGNORED_RESPONSE_HEADERS: Final = frozenset({"content-type"})


class SpecError(ValueError):
    """The spec uses something the generator cannot turn into a faithful binding."""


@dataclass(frozen=True)
class Spec:
    """The parsed document: what the generated package is made from."""

    path: Path
    sha256: str
    document: Mapping[str, Any]  # as written (bundled into one document)
    normalized: Mapping[str, Any]  # the 3.1 copy models are generated from (normalize.py)
    operations: tuple[Operation, ...]
    security_schemes: tuple[SecurityScheme, ...]  # those operations use
    warnings: tuple[str, ...]
    notes: tuple[str, ...]  # what the generator did that a reader should know

    def uses_format(self, name: str) -> bool:
        """Whether some schema in the document has `format: <name>`."""
        return _has_format(self.normalized, name)

    @property
    def tags(self) -> tuple[Tag, ...]:
        """Handler sets, in the order the spec declares their tags, each with its operations."""
        declared = [
            snake_case(str(entry.get("name", ""))) for entry in self.document.get("tags", [])
        ]
        used = [op.tag for op in self.operations]
        names = declared + [name for name in dict.fromkeys(used) if name not in declared]
        return tuple(
            Tag(name, tuple(op for op in self.operations if op.tag == name))
            for name in dict.fromkeys(names)
            if name in used
        )

    @property
    def response_classes(self) -> tuple[ResponseClass, ...]:
        """Every response class, once: the shared ones (`components/responses`, by name), then
        each operation's own, in operation order."""
        unique = {r.class_name: r for op in self.operations for r in op.responses}
        shared = sorted((r for r in unique.values() if r.shared), key=lambda r: r.class_name)
        return (*shared, *(r for r in unique.values() if not r.shared))


@dataclass(frozen=True)
class SecurityScheme:
    """A security scheme operations use, as the binding reads its credentials: `bearer`
    (http bearer, oauth2 of any flow, openIdConnect), `basic` (http basic) or `key` (apiKey,
    in `location` under `parameter`)."""

    name: str
    python_name: str  # its keyword argument of bind_routes: its authenticator
    kind: str
    location: str = "header"
    parameter: str = "Authorization"

    @property
    def authenticator_type(self) -> str:
        return {
            "bearer": "TokenAuthenticator",
            "basic": "PasswordAuthenticator",
            "key": "KeyAuthenticator",
        }[self.kind]


@dataclass(frozen=True)
class Tag:
    """A handler set: one generated interface, implemented by one handler class."""

    name: str  # snake_case: the keyword argument of bind_routes

    operations: tuple[Operation, ...]

    @property
    def interface_name(self) -> str:
        return f"{pascal_case(self.name)}Handlers"

    @property
    def is_secured(self) -> bool:
        return any(op.is_secured for op in self.operations)


@dataclass(frozen=True)
class Parameter:
    """A path, query or header parameter, typed from its schema."""

    name: str  # as the spec writes it (the wire name)
    python_name: str
    location: str
    required: bool
    python_type: str
    default: str | None
    constraints: tuple[tuple[str, str], ...]
    style: str | None  # as the spec writes it (None: the location's default)
    explode: bool | None
    content: str | None  # the media type of a `content`-encoded parameter


@dataclass(frozen=True)
class RequestBody:
    """The body of an operation: for each media type it accepts, the Python type of its value
    (a model for JSON and forms, `str` for text, `Upload` for binary)."""

    contents: tuple[tuple[str, str], ...]  # (media type, Python type)
    required: bool
    encoding: tuple[tuple[str, str], ...]  # multipart: (part, its content types)
    styles: tuple[tuple[str, str, bool], ...] = ()  # a URL-encoded form's: (field, style, explode)

    @property
    def media_types(self) -> tuple[str, ...]:
        return tuple(media_type for media_type, _ in self.contents)

    @property
    def is_form(self) -> bool:
        return self.media_types == (FORM_MEDIA_TYPE,)

    @property
    def argument_name(self) -> str:
        return "form" if self.is_form else "body"

    @property
    def python_type(self) -> str:
        """The handler's argument: the value, or with several media types, a union of
        `Received` (specfirst.runtime.uploads), whose media type says which arrived."""
        if len(self.contents) == 1:
            return self.contents[0][1]
        return " | ".join(
            f"Received[Literal[{media_type!r}], {python}]" for media_type, python in self.contents
        )


@dataclass(frozen=True)
class Header:
    """A response header: a typed field of the response class."""

    wire_name: str
    python_name: str
    python_type: str  # str, int, float or bool
    required: bool


@dataclass(frozen=True)
class Content:
    """One media type of a response: a field of its class, typed by what it carries."""

    media_type: str
    kind: str  # media.JSON (a model, or any JSON value), media.TEXT (str) or media.BINARY (bytes)
    model: str | None  # for JSON with a schema: its component's name
    attribute: str  # the field: `body` when it is the response's only content

    @property
    def is_wildcard(self) -> bool:
        """`image/*`, `*/*`: the handler says which type it sends."""
        return "*" in self.media_type

    @property
    def python_type(self) -> str:
        if self.kind == media.JSON:
            return f"models.{self.model}" if self.model else "JsonValue"
        if self.kind == media.TEXT:
            return "str"
        return "TypedContent" if self.is_wildcard else "bytes | AsyncIterable[bytes]"


@dataclass(frozen=True)
class ResponseClass:
    """One generated response class: a status of one operation, or an entry of
    `components/responses` (`shared`), one class however many operations `$ref` it.

    `status` is its one status; a `default` or range (`4XX`) response has none, and the
    handler says which it sends (`status_code`, within `status_range`)."""

    class_name: str
    status: int | None
    status_range: tuple[int, int]
    contents: tuple[Content, ...]
    headers: tuple[Header, ...]
    shared: bool
    pointer: str  # where its content and headers are declared (a shared one's component)

    @property
    def is_success(self) -> bool:
        return self.status_range[0] >= 200 and self.status_range[1] <= 299


@dataclass(frozen=True)
class Operation:
    """One operation of the spec: one interface method and one bound route."""

    operation_id: str  # the Python method name (naming.py)
    label: str  # PascalCase, for class names
    method: str
    path: str  # as the spec writes it
    route_path: str  # with placeholders Starlette accepts
    tag: str
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: tuple[ResponseClass, ...]
    # Alternatives (any one suffices), each the schemes it needs (all of them) with their
    # scopes; an empty one lets anonymous callers in.
    security: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]
    is_oauth2_token_endpoint: bool
    pointer: str
    max_body_bytes: int | None = None  # the spec's x-max-body-bytes: a limit of its own

    @property
    def is_secured(self) -> bool:
        return any(self.security)

    @property
    def allows_anonymous(self) -> bool:
        return self.is_secured and not all(self.security)

    @property
    def argument_names(self) -> tuple[str, ...]:
        """Keyword arguments of the handler method, in order."""
        names = ["auth"] if self.is_secured else []
        names += [p.python_name for p in self.parameters]
        names += [self.body.argument_name] if self.body else []
        return tuple(names)

    @property
    def response_union_name(self) -> str:
        return f"{self.label}Response"

    @property
    def answers_unavailable(self) -> bool:
        """Whether a 503 is declared: the binding then answers it when a dependency is down."""
        return any(r.status == 503 for r in self.responses)

    @property
    def invalid_request_status(self) -> int:
        """Status of a request breaking the bounds: 422, or 400 if only 400 is declared."""
        statuses = {r.status for r in self.responses}
        return 400 if 400 in statuses and 422 not in statuses else 422

    @property
    def binding_statuses(self) -> dict[int, str]:
        """The statuses the binding itself may answer for this operation, and why."""
        statuses: dict[int, str] = {}
        if self.parameters or self.body:
            statuses[self.invalid_request_status] = "invalid parameters or body"
        if self.body:
            statuses[413] = "a body over the size limit"
            statuses[415] = "a body of an undeclared content type"
            statuses[400] = "a malformed body"
        if self.is_secured:
            statuses[401] = "missing or invalid credentials"
        if any(scopes for requirement in self.security for _, scopes in requirement):
            statuses[403] = "credentials that lack a required scope"
        if self.negotiated_media_types:
            statuses[406] = "an Accept header that admits none of its media types"
        if self.answers_unavailable:
            statuses[503] = "a dependency that is down"
        return dict(sorted(statuses.items()))

    def declared_response(self, status: int) -> ResponseClass | None:
        """The response the spec declares for `status`: its own, else the narrowest range or
        `default` that covers it."""
        covering = [r for r in self.responses if r.status_range[0] <= status <= r.status_range[1]]
        return min(covering, key=lambda r: r.status_range[1] - r.status_range[0], default=None)

    @property
    def binding_responses(self) -> tuple[tuple[int, ResponseClass], ...]:
        """The binding's statuses the spec declares as something other than problem details:
        the application may answer them in the spec's own format (bind_routes'
        `binding_errors`)."""
        found = []
        for status in self.binding_statuses:
            declared = self.declared_response(status)
            if (
                declared is not None
                and declared.contents
                and not any(c.media_type == PROBLEM_MEDIA_TYPE for c in declared.contents)
            ):
                found.append((status, declared))
        return tuple(found)

    @property
    def negotiated_media_types(self) -> tuple[str, ...]:
        """The media types of its success responses when one of them offers a choice: the
        binding then answers 406 to a request whose Accept admits none of them."""
        successes = [r for r in self.responses if r.is_success]
        if not any(len(r.contents) > 1 for r in successes):
            return ()
        return tuple(dict.fromkeys(c.media_type for r in successes for c in r.contents))

    @property
    def route_sort_key(self) -> tuple[tuple[int, str], ...]:
        """Static segments sort before templated ones: `/users/me` wins over `/users/{user_id}`."""
        return tuple(
            (1, "") if segment.startswith("{") else (0, segment)
            for segment in self.path.strip("/").split("/")
        )


def load_spec(path: Path, *, strict: bool = False) -> Spec:
    """Parse and check the spec at `path`; raise SpecError naming the first problem found."""
    try:
        document = load_document(path)
    except DocumentError as error:
        raise SpecError(str(error)) from None
    version = str(document.get("openapi", ""))
    if not version.startswith(("3.0.", "3.1.")):
        found = f"Swagger {document['swagger']}" if "swagger" in document else repr(version)
        raise SpecError(f"#/openapi: OpenAPI 3.0 or 3.1 documents only, not {found}")
    normalized = normalize(document)
    use_body_variants(normalized)
    parser = _Parser(normalized, strict=strict)
    parser.warnings += [
        f"{pointer('components', 'schemas', name)}: object keywords without `type: object`: "
        "read as an object, so other JSON values are refused"
        for name, schema in document.get("components", {}).get("schemas", {}).items()
        if isinstance(schema, dict) and is_untyped_object(schema)
    ]
    operations = [
        parser.operation(path_name, method, path_item)
        for path_name, path_item in normalized.get("paths", {}).items()
        if isinstance(path_item, dict)
        for method in HTTP_METHODS
        if isinstance(path_item.get(method), dict)
    ]
    _check_unique_ids(operations)
    _check_unique_class_names(operations)
    used = {name for op in operations for requirement in op.security for name, _ in requirement}
    return Spec(
        path=path,
        sha256=document_sha256(document),
        document=document,
        normalized=normalized,
        operations=tuple(operations),
        security_schemes=tuple(parser.schemes[name] for name in sorted(used)),
        warnings=tuple(parser.warnings),
        notes=tuple(_notes(normalized)),
    )


def pointer(*parts: object) -> str:
    """A JSON pointer (RFC 6901) to a place in the document."""
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _has_format(node: Any, name: str) -> bool:
    if isinstance(node, Mapping):
        return node.get("format") == name or any(_has_format(v, name) for v in node.values())
    if isinstance(node, list):
        return any(_has_format(item, name) for item in node)
    return False


class _Parser:
    """Parses operations of one (normalized) document."""

    def __init__(self, document: Mapping[str, Any], *, strict: bool) -> None:
        self._document = document
        self._strict = strict
        self.warnings: list[str] = []
        self.schemes = self._schemes()
        self.token_urls = self._oauth2_token_urls()
        self._shared_statuses = self._shared_response_statuses()

    # --- references -----------------------------------------------------------------

    def resolve(self, node: Any) -> Any:
        """`node`, with its (local) `$ref`s followed."""
        seen: set[str] = set()
        while isinstance(node, Mapping) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
                raise SpecError(f"{ref!r}: unsupported or circular $ref")
            seen.add(ref)
            target: Any = self._document
            for part in ref[2:].split("/"):
                key = part.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, Mapping) or key not in target:
                    raise SpecError(f"$ref {ref!r} does not resolve")
                target = target[key]
            node = target
        return node

    # --- security ---------------------------------------------------------------------

    def _schemes(self) -> dict[str, SecurityScheme]:
        """Every scheme of `components/securitySchemes` the binding can read, by name; the
        others are refused where an operation uses them."""
        schemes: dict[str, SecurityScheme] = {}
        taken: set[str] = set()
        for name, node in self._document.get("components", {}).get("securitySchemes", {}).items():
            scheme = self.resolve(node)
            kind = _scheme_kind(scheme)
            if kind is None:
                continue
            python = python_name(name, prefix="scheme", reserved=RESERVED_SET_NAMES)
            while python in taken:
                python += "_"
            taken.add(python)
            schemes[name] = SecurityScheme(
                name=name,
                python_name=python,
                kind=kind,
                location=str(scheme.get("in", "header")) if kind == "key" else "header",
                parameter=str(scheme.get("name", "")) if kind == "key" else "Authorization",
            )
        return schemes

    def _oauth2_token_urls(self) -> list[str]:
        """The token URLs of OAuth2 password flows (their endpoints answer errors RFC 6749's
        way)."""
        urls: list[str] = []
        for node in self._document.get("components", {}).get("securitySchemes", {}).values():
            scheme = self.resolve(node)
            flows = scheme.get("flows", {}) if isinstance(scheme, Mapping) else {}
            if scheme.get("type") == "oauth2" and "tokenUrl" in flows.get("password", {}):
                urls.append(str(flows["password"]["tokenUrl"]))
        return urls

    def _security(
        self, where: str, raw: Mapping[str, Any]
    ) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]:
        requirements = raw.get("security", self._document.get("security", []))
        parsed = []
        for requirement in requirements:
            for name in requirement:
                if name in self.schemes:
                    continue
                declared = self._document.get("components", {}).get("securitySchemes", {})
                if name not in declared:
                    raise SpecError(f"{where}/security: no security scheme {name!r}")
                scheme = self.resolve(declared[name])
                raise SpecError(
                    f"{pointer('components', 'securitySchemes', name)}: a scheme of type "
                    f"{scheme.get('type')!r}{_scheme_detail(scheme)} cannot be checked by the "
                    "binding"
                )
            parsed.append(tuple((name, tuple(scopes)) for name, scopes in requirement.items()))
        # A list of only `{}` is no security at all (OpenAPI: an empty requirement).
        return () if not any(parsed) else tuple(parsed)

    # --- operations -------------------------------------------------------------------

    def operation(self, path: str, method: str, path_item: Mapping[str, Any]) -> Operation:
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
        parameters = self._parameters(where, path_item, raw)
        operation = Operation(
            operation_id=operation_id,
            label=label,
            method=method,
            path=path,
            route_path=_route_path(path, parameters),
            tag=tag,
            parameters=parameters,
            body=self._body(where, raw.get("requestBody")),
            responses=tuple(
                self._response(f"{where}/responses/{status}", label, str(status), node)
                for status, node in raw.get("responses", {}).items()
            )
            or self._undeclared_responses(where, label),
            security=self._security(where, raw),
            is_oauth2_token_endpoint=path in {"/" + url.lstrip("/") for url in self.token_urls},
            pointer=where,
            max_body_bytes=_max_body_bytes(where, raw),
        )
        self._check_declares_what_the_binding_returns(operation)
        return operation

    def _undeclared_responses(self, where: str, label: str) -> tuple[ResponseClass]:
        """OpenAPI 3.1 lets an operation declare no responses: it may answer any status,
        with no content, as a `default` response would."""
        self.warnings.append(f"{where}: declares no responses: served as `default`, no content")
        response = ResponseClass(f"{label}DefaultResponse", None, (100, 599), (), (), False, where)
        return (response,)

    def _check_declares_what_the_binding_returns(self, operation: Operation) -> None:
        """The binding itself answers some requests, as problem details. A status it may answer
        that the operation does not declare is a warning (a refusal when strict); so is one
        the operation declares in another format, unless the application renders those."""
        missing = {
            status: why
            for status, why in operation.binding_statuses.items()
            if operation.declared_response(status) is None
        }
        if missing:
            listed = ", ".join(f"{s} ({why})" for s, why in missing.items())
            message = f"{operation.pointer}: the binding can answer {listed}, not declared"
            if self._strict:
                raise SpecError(f"{message}: declare it")
            self.warnings.append(f"{message}: it answers problem+json")
        by_class: dict[str, list[int]] = {}
        for status, declared in operation.binding_responses:
            by_class.setdefault(declared.class_name, []).append(status)
        for declared_class, statuses in by_class.items():
            self.warnings.append(
                f"{operation.pointer}: the binding answers {', '.join(map(str, statuses))} as "
                f"problem+json where the spec declares {declared_class}: give bind_routes "
                "`binding_errors` to answer in the spec's format"
            )

    # --- parameters ---------------------------------------------------------------------

    def _parameters(
        self, where: str, path_item: Mapping[str, Any], raw: Mapping[str, Any]
    ) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str], Mapping[str, Any]] = {}
        for node in [*path_item.get("parameters", []), *raw.get("parameters", [])]:
            parameter = self.resolve(node)
            if parameter.get("in") == "header" and (
                str(parameter.get("name", "")).lower() in IGNORED_HEADER_PARAMETERS
            ):
                continue
            merged[(parameter["name"], parameter["in"])] = parameter
        parsed: list[Parameter] = []
        taken = set(RESERVED_ARGUMENT_NAMES)
        for parameter in merged.values():
            parsed.append(self._parameter(where, parameter, taken))
            taken.add(parsed[-1].python_name)
        # Required before optional, so the generated signatures need no keyword gymnastics.
        return tuple(sorted(parsed, key=lambda p: (not p.required, p.location != "path")))

    def _parameter(self, where: str, parameter: Mapping[str, Any], taken: set[str]) -> Parameter:
        name, location = str(parameter["name"]), str(parameter["in"])
        here = f"{where}/parameters/{name}"
        if location not in _STYLES:
            raise SpecError(f"{here}: no parameters are {location!r}")
        style = parameter.get("style")
        if style is not None and style not in _STYLES[location]:
            allowed = ", ".join(_STYLES[location])
            raise SpecError(f"{here}: style {style!r} is not one of {location}'s: {allowed}")
        content = None
        schema = parameter.get("schema", {})
        if "content" in parameter:
            [(content, item)] = parameter["content"].items()
            schema = item.get("schema", {}) if isinstance(item, Mapping) else {}
            if media.kind(content) != media.JSON:
                # Text as it is (`text/plain`): a string, whatever the schema says of it.
                content, schema = None, {"type": "string"}
        python_type, nullable = self._value_type(here, schema)
        resolved = self.resolve(schema)
        required = bool(parameter.get("required", False)) or location == "path"
        default = None if "default" not in resolved or required else repr(resolved["default"])
        if not required and default is None:
            python_type, default = f"{python_type} | None", "None"
        elif nullable:
            python_type = f"{python_type} | None"
        python = python_name(name, prefix="p", reserved=RESERVED_ARGUMENT_NAMES)
        if python in taken:
            python = f"{python}_{location}"
        return Parameter(
            name=name,
            python_name=python,
            location=location,
            required=required,
            python_type=python_type,
            default=default,
            constraints=_constraints(resolved),
            style=style,
            explode=parameter.get("explode"),
            content=content,
        )

    def _value_type(self, where: str, schema: Any) -> tuple[str, bool]:
        """The Python type of a parameter's value (scalar, array or object), and whether it
        may be null."""
        ref = schema.get("$ref") if isinstance(schema, Mapping) else None
        if isinstance(ref, str) and ref.startswith(SCHEMA_REF_PREFIX):
            target = self.resolve(schema)
            if _is_object(target):
                return f"models.{ref[len(SCHEMA_REF_PREFIX) :]}", False
            schema = target
        schema = self.resolve(schema) if isinstance(schema, Mapping) else {}
        alternatives = schema.get("anyOf", []) + schema.get("oneOf", [])
        branches = [b for b in alternatives if b != {"type": "null"}]
        if branches:
            nullable = len(branches) < len(alternatives)
            if len(branches) > 1:
                raise SpecError(f"{where}/schema: a parameter of one of several schemas")
            python_type, inner_nullable = self._value_type(where, branches[0])
            return python_type, nullable or inner_nullable
        kinds = schema.get("type")
        kind_list = kinds if isinstance(kinds, list) else [kinds]
        nullable = "null" in kind_list
        kind = next((k for k in kind_list if k not in (None, "null")), None)
        if "enum" in schema:
            values = ", ".join(repr(v) for v in schema["enum"] if v is not None)
            return f"Literal[{values}]", nullable or None in schema["enum"]
        if kind == "array":
            items = schema.get("items", {})
            item_type, item_nullable = self._value_type(f"{where}/items", items)
            item_type = f"{item_type} | None" if item_nullable else item_type
            inner = _constraints(self.resolve(items))
            if inner:
                arguments = ", ".join(f"{key}={value}" for key, value in inner)
                item_type = f"Annotated[{item_type}, Field({arguments})]"
            return f"list[{item_type}]", nullable
        if kind == "object" or _is_object(schema):
            extra = schema.get("additionalProperties")
            if isinstance(extra, Mapping) and not schema.get("properties"):
                value_type, _ = self._value_type(f"{where}/additionalProperties", extra)
                return f"dict[str, {value_type}]", nullable
            raise SpecError(f"{where}/schema: an object parameter needs a named schema")
        if kind not in _SCALAR_TYPES:
            raise SpecError(f"{where}/schema: a parameter of type {kind!r}")
        python_type = _SCALAR_TYPES[kind]
        if kind == "string":
            python_type = _STRING_FORMATS.get(str(schema.get("format")), python_type)
        return python_type, nullable

    # --- request bodies ---------------------------------------------------------------

    def _body(self, where: str, node: Mapping[str, Any] | None) -> RequestBody | None:
        if node is None:
            return None
        here = f"{where}/requestBody"
        body = self.resolve(node)
        contents: list[tuple[str, str]] = []
        encoding: dict[str, str] = {}
        styles: list[tuple[str, str, bool]] = []
        for media_type, item in body.get("content", {}).items():
            kind = media.kind(media_type)
            at = f"{here}/content/{_escape(media_type)}"
            if kind == media.MULTIPART and media.essence(media_type) != MULTIPART_FORM:
                raise SpecError(
                    f"{at}: multipart/form-data only: other multiparts' parts have no names"
                )
            if kind in (media.JSON, media.FORM, media.MULTIPART):
                model = self._schema_model(at, item)
                if kind != media.JSON and (
                    model is None or not _is_object(self.resolve(item["schema"]))
                ):
                    raise SpecError(f"{at}: a form's schema must be an object: its fields")
                contents.append((media_type, f"models.{model}" if model else "JsonValue"))
            else:
                contents.append((media_type, "str" if kind == media.TEXT else "Upload"))
            encodings = item.get("encoding") if isinstance(item, Mapping) else None
            for part, settings in (encodings if isinstance(encodings, Mapping) else {}).items():
                if not isinstance(settings, Mapping):
                    continue
                if kind == media.MULTIPART and "contentType" in settings:
                    encoding[part] = str(settings["contentType"])
                if kind == media.FORM and ("style" in settings or "explode" in settings):
                    style = str(settings.get("style", "form"))
                    if style not in _STYLES["query"]:
                        raise SpecError(f"{at}/encoding/{part}: no form field is {style!r}")
                    styles.append((part, style, bool(settings.get("explode", style == "form"))))
        if not contents:
            raise SpecError(f"{here}: a request body with no media type")
        return RequestBody(
            contents=tuple(contents),
            required=bool(body.get("required")),
            encoding=tuple(encoding.items()),
            styles=tuple(styles),
        )

    def _schema_model(self, where: str, item: Any) -> str | None:
        """The schema component a JSON or form body is (normalize.py names inline ones)."""
        schema = item.get("schema") if isinstance(item, Mapping) else None
        if schema is None:
            return None
        name = component_name(schema)
        if name is None:
            raise SpecError(f"{where}/schema: the schema must be a $ref to {SCHEMA_REF_PREFIX}")
        return name

    # --- responses ----------------------------------------------------------------------

    def _shared_response_statuses(self) -> dict[str, set[str]]:
        statuses: dict[str, set[str]] = {}
        for path_item in self._document.get("paths", {}).values():
            for method in HTTP_METHODS:
                operation = path_item.get(method) if isinstance(path_item, dict) else None
                for status, node in (operation or {}).get("responses", {}).items():
                    if (name := _shared_response_name(node)) is not None:
                        statuses.setdefault(name, set()).add(str(status).upper())
        return statuses

    def _response(
        self, where: str, label: str, status: str, node: Mapping[str, Any]
    ) -> ResponseClass:
        key = status.upper()
        status_range = _status_range(where, key)
        shared = _shared_response_name(node)
        suffix = pascal_case(key.lower()) if key == "DEFAULT" else key
        if shared is None:
            name = f"{label}{suffix}Response"
        elif len(self._shared_statuses[shared]) > 1:
            name = f"{class_name(shared)}{suffix}Response"
        else:
            name = f"{class_name(shared)}Response"
        response = self.resolve(node)
        declared_at = where if shared is None else pointer("components", "responses", shared)
        contents = self._contents(where, response.get("content", {}))
        if key == "204" and contents:
            raise SpecError(f"{where}: a 204 response has no body")
        headers = tuple(
            self._header(where, wire_name, header)
            for wire_name, header in response.get("headers", {}).items()
            if wire_name.lower() not in IGNORED_RESPONSE_HEADERS
        )
        return ResponseClass(
            class_name=name,
            status=int(key) if key.isdigit() else None,
            status_range=status_range,
            contents=contents,
            headers=headers,
            shared=shared is not None,
            pointer=declared_at,
        )

    def _contents(self, where: str, content: Mapping[str, Any]) -> tuple[Content, ...]:
        attributes: set[str] = set()
        parsed: list[Content] = []
        for media_type, item in content.items():
            essence = media.essence(media_type)
            kind = media.kind(essence)
            model = None
            if kind == media.JSON:
                model = self._schema_model(f"{where}/content/{_escape(media_type)}", item)
            elif kind != media.TEXT:
                kind = media.BINARY  # a form or multipart answer is bytes the handler made
            attribute = "body"
            if len(content) > 1:
                subtype = essence.split("/", 1)[-1] if not essence.endswith("/*") else essence
                attribute = python_name(subtype.replace("*", "any"), prefix="media")
                while attribute in attributes or attribute in {"status_code", "body"}:
                    attribute += "_"
            attributes.add(attribute)
            parsed.append(Content(media_type, kind, model, attribute))
        return tuple(parsed)

    def _header(self, where: str, wire_name: str, node: Any) -> Header:
        header = self.resolve(node)
        schema = self.resolve(header.get("schema", {}))
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        return Header(
            wire_name=wire_name,
            python_name=python_name(wire_name, prefix="h", reserved=frozenset({"status_code"})),
            python_type=_SCALAR_TYPES.get(str(kind), "str"),
            required=bool(header.get("required", False)),
        )


_SCALAR_TYPES: Final = {"integer": "int", "number": "float", "string": "str", "boolean": "bool"}
# The styles OpenAPI defines for each location (the first is the location's default).
_STYLES: Final = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}
# String formats with a Python type that checks them (as the models' fields are typed).
_STRING_FORMATS: Final = {
    "uuid": "UUID",
    "date-time": "DateTime",
    "date": "Date",
    "time": "Time",
    "uri": "AnyUrl",
    "email": "EmailStr",
    "ipv4": "IPv4Address",
    "ipv6": "IPv6Address",
}
_CONSTRAINT_KEYWORDS: Final = {
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
}


def _scheme_kind(scheme: Mapping[str, Any]) -> str | None:
    """How the binding reads a scheme's credentials (SecurityScheme.kind), None when it
    cannot: mutual TLS (the TLS terminator's), http schemes other than bearer and basic."""
    kind = scheme.get("type")
    if kind in ("oauth2", "openIdConnect"):
        return "bearer"
    if kind == "http":
        http_scheme = str(scheme.get("scheme", "")).lower()
        return http_scheme if http_scheme in ("bearer", "basic") else None
    if kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
        return "key"
    return None


def _scheme_detail(scheme: Mapping[str, Any]) -> str:
    if scheme.get("type") == "http":
        return f" with scheme {scheme.get('scheme')!r}"
    if scheme.get("type") == "mutualTLS":
        return " (client certificates are the TLS terminator's to check)"
    return ""


def _constraints(schema: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """pydantic Field arguments for a value's bounds, lengths and pattern."""
    keywords = dict(_CONSTRAINT_KEYWORDS)
    if schema.get("type") == "array":
        keywords = {"minItems": "min_length", "maxItems": "max_length"}
    return tuple(
        (argument, repr(schema[keyword]))
        for keyword, argument in keywords.items()
        if keyword in schema and not isinstance(schema[keyword], bool)
    )


def _is_object(schema: Mapping[str, Any]) -> bool:
    kinds = schema.get("type")
    return (
        kinds == "object"
        or (isinstance(kinds, list) and "object" in kinds)
        or ("properties" in schema)
    )


def _max_body_bytes(where: str, operation: Mapping[str, Any]) -> int | None:
    value = operation.get(MAX_BODY_EXTENSION)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise SpecError(f"{where}/{MAX_BODY_EXTENSION}: a positive number of bytes, not {value!r}")
    return value


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _status_range(where: str, key: str) -> tuple[int, int]:
    """The statuses a response key stands for: `404`, `4XX`, `default` (any)."""
    if key == "DEFAULT":
        return (100, 599)
    if len(key) == 3 and key[0] in "12345" and key[1:] == "XX":
        return (int(key[0]) * 100, int(key[0]) * 100 + 99)
    if key.isdigit() and 100 <= int(key) <= 599:
        return (int(key), int(key))
    raise SpecError(f"{where}: {key!r} is not a status code, a range such as 4XX, or default")


def _shared_response_name(node: Any) -> str | None:
    """The `components/responses` entry a response `$ref`s, if it does."""
    ref = node.get("$ref") if isinstance(node, Mapping) else None
    if isinstance(ref, str) and ref.startswith(RESPONSE_REF_PREFIX):
        return ref[len(RESPONSE_REF_PREFIX) :].replace("~1", "/").replace("~0", "~")
    return None


def _route_path(path: str, parameters: Iterable[Parameter]) -> str:
    """`path` with each path parameter a placeholder Starlette accepts (an identifier)."""
    for parameter in parameters:
        if parameter.location == "path" and not parameter.name.isidentifier():
            path = path.replace("{" + parameter.name + "}", "{" + parameter.python_name + "}")
    return path


def _notes(document: Mapping[str, Any]) -> list[str]:
    """What the generator does with webhooks and callbacks: models, no routes."""
    notes = [
        f"{pointer('webhooks', name)}: a webhook: its payload models are generated; it makes "
        "no route (the API calls it)"
        for name in document.get("webhooks", {})
    ]
    for path, path_item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = path_item.get(method) if isinstance(path_item, dict) else None
            for name in (operation or {}).get("callbacks", {}):
                notes.append(
                    f"{pointer('paths', path, method, 'callbacks', name)}: a callback: its "
                    "payload models are generated; it makes no route (the API calls it)"
                )
    return notes


def _check_unique_ids(operations: list[Operation]) -> None:
    seen: dict[str, str] = {}
    for op in operations:
        if op.operation_id in seen:
            raise SpecError(
                f"{op.pointer}: its method name {op.operation_id!r} is also "
                f"{seen[op.operation_id]}'s: rename an operationId"
            )
        seen[op.operation_id] = op.pointer


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
                    f"{op.pointer}: two generated classes would be named {name}: rename an "
                    "operationId or an entry of components/responses"
                )
