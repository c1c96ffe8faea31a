"""The generator's picture of a spec: what the templates render, as parsed from the document
(parse/), and nothing of how it was read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from specfirst.codegen.naming import pascal_case
from specfirst.runtime import media
from specfirst.runtime.operation_rules import OperationRules, invalid_request_status
from specfirst.runtime.problems import PROBLEM_MEDIA_TYPE

FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"


class SpecError(ValueError):
    """The spec uses something the generator cannot turn into a faithful binding; the message
    starts with the JSON pointer of the place."""


@dataclass(frozen=True)
class Spec:
    """The parsed document: what the generated package is made from."""

    path: Path
    sha256: str
    document: dict[str, Any]  # as written (bundled into one document)
    normalized: dict[str, Any]  # the 3.1 copy models are generated from (normalize.py)
    operations: tuple[Operation, ...]
    security_schemes: tuple[SecurityScheme, ...]  # those operations use
    # Handler sets, in the order the spec declares their tags, each with its operations.
    tags: tuple[Tag, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]  # what the generator did that a reader should know

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
    # media.JSON (a model, or any JSON value), media.TEXT (str), media.BINARY (bytes), or a
    # streamed kind (an async iterable of items, each a model or any JSON value)
    kind: str
    model: str | None  # for JSON with a schema, or a stream's item: its component's name
    attribute: str  # the field: `body` when it is the response's only content
    # An event stream whose item schema describes whole events, not the data of each
    # (media.describes_events): the model carries `event`, `id` and `retry` itself.
    whole_events: bool = False

    @property
    def is_wildcard(self) -> bool:
        """`image/*`, `*/*`: the handler says which type it sends."""
        return "*" in self.media_type

    @property
    def is_streamed(self) -> bool:
        return self.kind in media.STREAMED_KINDS

    @property
    def item_type(self) -> str:
        """What one item of a stream (or a JSON body) is."""
        return f"models.{self.model}" if self.model else "JsonValue"

    @property
    def python_type(self) -> str:
        if self.kind == media.EVENT_STREAM and not self.whole_events:
            # Each item is the data of an event, or an event naming it (ServerSentEvent).
            item = self.item_type
            return f"AsyncIterable[{item} | ServerSentEvent[{item}]]"
        if self.is_streamed:
            return f"AsyncIterable[{self.item_type}]"
        if self.kind == media.JSON:
            return self.item_type
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
    # The union of its responses' classes: `<Label>Response`, unless another class is.
    response_union_name: str = ""

    def __post_init__(self) -> None:
        if not self.response_union_name:
            object.__setattr__(self, "response_union_name", f"{self.label}Response")

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

    @cached_property
    def rules(self) -> OperationRules:
        """What the binding checks for this operation (the generated routes give it these)."""
        return OperationRules(
            request_media_types=self.body.media_types if self.body else (),
            takes_parameters=bool(self.parameters),
            invalid_request_status=invalid_request_status([r.status for r in self.responses]),
            oauth2_token_endpoint=self.is_oauth2_token_endpoint,
            secured=self.is_secured,
            scoped=any(scopes for requirement in self.security for _, scopes in requirement),
            negotiated_media_types=self.negotiated_media_types,
            chooses_media_type=any(len(r.contents) > 1 for r in self.responses),
            answers_unavailable=any(r.status == 503 for r in self.responses),
            max_body_bytes=self.max_body_bytes,
        )

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
        for status in self.rules.binding_statuses():
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
            for segment in self.route_path.strip("/").split("/")
        )
