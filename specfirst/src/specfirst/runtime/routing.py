"""Binding operations to FastAPI: each generated endpoint becomes a route that answers, per the
spec, what FastAPI would answer its own way, and only the statuses its rules list
(operation_rules.OperationRules.binding_statuses, which the generator's warnings use too):

- a body of an undeclared content type: 415 (FastAPI would try to validate it anyway);
- where a success response offers several media types, an Accept header that admits none
  of them: 406 (the handler is not called); otherwise Accept chooses among them;
- malformed JSON: 400; values that break the schema: 422 (or 400 where only 400 is
  declared), with every error listed;
- on the OAuth2 token endpoint, those 400s carry `error: invalid_request` (RFC 6749 §5.2);
- an exception the application says means a dependency is down: 503, as it describes;
- missing or invalid credentials: 401, lacking a scope: 403 (security.py);
- anything else a handler raises: a logged 500 problem, never a traceback.
"""

import inspect
import logging
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Router
from starlette.types import Receive, Scope, Send

from specfirst.runtime import media
from specfirst.runtime.arguments import RequestReader
from specfirst.runtime.binding_errors import BindingError, BindingErrors
from specfirst.runtime.bodies import received_media_type
from specfirst.runtime.body_limit import LIMIT_KEY, declared_too_large
from specfirst.runtime.exception_handlers import SERVER_ERROR_DETAIL
from specfirst.runtime.negotiation import best_match
from specfirst.runtime.operation_rules import OperationRules
from specfirst.runtime.problem_responses import problem_response
from specfirst.runtime.problems import Unavailable
from specfirst.runtime.rendering import ACCEPT, render

logger = logging.getLogger(__name__)

# What a 503 says when an exception means "a dependency is down"; None for any other
# exception. The application decides which exceptions, and what to tell clients.
DescribeUnavailable = Callable[[Exception], Unavailable | None]
Endpoint = Callable[..., Awaitable[Response]]
# The errors of a body that cannot be read at all (400), and what the answer calls them.
DECODE_ERRORS: Final = {"json_invalid": "Malformed JSON body", "xml_invalid": "Malformed XML body"}
# The attribute of a route's stand-in endpoint that holds the operation (_stand_in).
OPERATION_ATTRIBUTE: Final = "__specfirst_operation__"


class MissingOperationError(TypeError):
    """A handler set given to `bind_routes` lacks an operation of its interface."""


def require_operations(handlers: object, interface: object) -> None:
    """Fail at start-up, naming them, when `handlers` lacks operations of `interface` (a
    generated Protocol: its async methods are the operations)."""
    operations = [
        name for name, member in vars(interface).items() if inspect.iscoroutinefunction(member)
    ]
    missing = [
        op for op in operations if not inspect.iscoroutinefunction(getattr(handlers, op, None))
    ]
    if missing:
        name = getattr(interface, "__name__", "")
        package = str(getattr(interface, "__module__", "")).rpartition(".")[0]
        raise MissingOperationError(
            f"{type(handlers).__name__} does not implement {name}: missing or not async: "
            f"{', '.join(missing)}. `python -m specfirst stubs --spec <the spec> --package "
            f"{package} --set {name}` prints them, typed, to paste in"
        )


def add_operation(
    router: APIRouter,
    endpoint: Endpoint,
    method: str,
    path: str,
    rules: OperationRules,
    *,
    describe_unavailable: DescribeUnavailable | None = None,
    binding_responses: Mapping[int, Any] | None = None,
    binding_errors: BindingErrors | None = None,
) -> None:
    """Serve `endpoint` (named after its operationId) at `method path`, checked by the
    operation's `rules`; `binding_responses` are the response classes the spec declares for
    statuses the binding answers itself, in a format other than problem details, which
    `binding_errors` builds."""
    settings = RouteSettings(
        rules,
        describe_unavailable=describe_unavailable,
        binding_responses=dict(binding_responses or {}) if binding_errors else {},
        binding_errors=binding_errors,
    )
    router.add_api_route(
        path,
        endpoint,
        methods=[method],
        operation_id=endpoint.__name__,
        response_model=None,
        # A class per operation: a router that copies routes (include_router) builds the copy
        # from the class, with FastAPI's arguments only.
        route_class_override=type("ContractRoute", (ContractRoute,), {"settings": settings}),
    )


@dataclass(frozen=True)
class RouteSettings:
    """An operation's rules, and what the application gives its route."""

    rules: OperationRules
    describe_unavailable: DescribeUnavailable | None = None
    binding_responses: Mapping[int, Any] = field(default_factory=dict)
    binding_errors: BindingErrors | None = None
    # The statuses the route may answer itself: it checks nothing else.
    answers: Mapping[int, str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "answers", self.rules.binding_statuses())


class ContractRoute(APIRoute):
    """One operation's route (module docstring). `add_operation` makes a subclass per
    operation with its settings.

    The route itself is the ASGI app: a RequestReader reads the endpoint's arguments, and
    FastAPI's per-request machinery (dependency solving, exit stacks) is not used; FastAPI
    never sees the endpoint's signature, which it could not read (parameter styles, bodies
    of any media type).
    """

    settings: RouteSettings = RouteSettings(OperationRules())

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        # A router that copies routes (include_router) gives the copy this route's endpoint:
        # the stand-in, which carries the operation.
        operation = getattr(endpoint, OPERATION_ATTRIBUTE, endpoint)
        options["name"] = options.get("name") or operation.__name__
        super().__init__(path, _stand_in(operation), **options)
        self.operation = operation
        self.reader = RequestReader(operation, self.path_regex)
        self.app = self._serve
        # Routes whose more concrete paths win over this one's (found at the first request).
        self._more_concrete: list[BaseRoute] | None = None
        if "{" not in path:  # nothing can be more concrete: Starlette's matching, as it is
            self.matches = super().matches  # type: ignore[method-assign]

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """As APIRoute matches, except that a concrete path wins over a templated one
        (OpenAPI's path matching): `DELETE /reports/count`, where only `GET /reports/count`
        and `DELETE /reports/{id}` exist, is a 405, not `id="count"`."""
        match, child_scope = super().matches(scope)
        if match is Match.NONE:
            return match, child_scope
        if self._more_concrete is None:
            router = scope.get("router")
            routes = router.routes if isinstance(router, Router) else []
            self._more_concrete = [r for r in routes if _more_concrete(r, self.path)]
            if not self._more_concrete:  # the common case: from now on, Starlette's matching
                self.matches = super().matches  # type: ignore[method-assign]
        for route in self._more_concrete:
            if route.matches(scope)[0] is not Match.NONE:
                return Match.NONE, {}
        return match, child_scope

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The route's own handling, for a router that includes this route's router
        (`include_router`: FastAPI serves an included route through its handler)."""
        return self._handle

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self._handle(Request(scope, receive, send))
        await response(scope, receive, send)

    async def _handle(self, request: Request) -> Response:
        rules, answers = self.settings.rules, self.settings.answers
        if rules.max_body_bytes is not None and LIMIT_KEY in request.scope:
            request.scope[LIMIT_KEY] = rules.max_body_bytes  # this operation's own limit
        if 413 in answers and (too_large := declared_too_large(request.scope)) is not None:
            return self._problem(413, too_large)
        if 415 in answers and not _declared_media_type(request, rules.request_media_types):
            return self._problem(
                415, f"Content-Type must be {' or '.join(rules.request_media_types)}"
            )
        if rules.chooses_media_type or 406 in answers:
            accept = request.headers.get("accept")
            offered = rules.negotiated_media_types
            if 406 in answers and best_match(accept, offered) is None:
                return self._problem(
                    406, f"Accept admits none of the media types: {', '.join(offered)}"
                )
            ACCEPT.set(accept)  # this request's own context: render chooses by it
        try:
            async with AsyncExitStack() as closing:
                arguments = await self.reader.read(request, closing)
                response: Response = await self.operation(**arguments)
            return response
        except RequestValidationError as exc:
            return self._invalid_request(exc)
        # Starlette's class: the body limit and the credentials' checks raise it.
        except HTTPException as exc:
            return self._problem(exc.status_code, str(exc.detail), headers=exc.headers)
        except Exception as exc:
            if (unavailable := self._unavailable(exc)) is not None:
                # Expected while a dependency is down: one line, not a traceback per request.
                logger.warning("operation %s: unavailable: %r", self.name, exc)
                retry_after = str(unavailable.retry_after_seconds)
                return self._problem(503, unavailable.detail, headers={"Retry-After": retry_after})
            logger.exception("operation %s failed", self.name)
            return problem_response(500, SERVER_ERROR_DETAIL)

    def _unavailable(self, exc: Exception) -> Unavailable | None:
        """What a 503 says, when the operation declares one and the application describes
        `exc` as a dependency that is down."""
        describe = self.settings.describe_unavailable
        return describe(exc) if describe is not None and 503 in self.settings.answers else None

    def _invalid_request(self, exc: RequestValidationError) -> Response:
        raw_errors = exc.errors()
        errors = [
            {
                "loc": list(e.get("loc", ())),
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
            for e in raw_errors
        ]
        decode_errors = [e for e in raw_errors if e.get("type") in DECODE_ERRORS]
        status = 400 if decode_errors else self.settings.rules.invalid_request_status
        if decode_errors:
            reason = decode_errors[0].get("ctx", {}).get("error", "not JSON")
            detail = f"{DECODE_ERRORS[decode_errors[0]['type']]}: {reason}"
        else:
            first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
            detail = ".".join(str(part) for part in first["loc"]) + f": {first['msg']}"
        if len(errors) > 1:
            detail += f" (and {len(errors) - 1} more)"
        extra: dict[str, Any] = {"errors": errors}
        if self.settings.rules.oauth2_token_endpoint and status == 400:
            extra["error"] = "invalid_request"
        return self._problem(status, detail, **extra)

    def _problem(
        self, status: int, detail: str, *, headers: Mapping[str, str] | None = None, **members: Any
    ) -> Response:
        """The binding's own answer: problem details, or the response the spec declares for
        it, built by the application (binding_errors.py)."""
        declared = self.settings.binding_responses.get(status)
        build = self.settings.binding_errors
        if declared is None or build is None:
            return problem_response(status, detail, headers=headers, **members)
        error = BindingError(status, detail, headers or {}, members, declared)
        response = render(build(error), declared)
        for name, value in (headers or {}).items():
            response.headers.setdefault(name, value)
        return response


def _stand_in(operation: Callable[..., Any]) -> Callable[[], Awaitable[None]]:
    """What FastAPI is given as the endpoint, and analyses (at the first request, for a route
    of an included router): a function of no arguments. The route reads the operation's
    arguments itself, of types FastAPI could not read (an array in a path parameter), and
    calls it."""

    async def read_by_the_route() -> None:
        """The route reads the operation's arguments and calls it."""

    setattr(read_by_the_route, OPERATION_ATTRIBUTE, operation)
    return read_by_the_route


def _more_concrete(route: BaseRoute, template: str) -> bool:
    """Whether `route`'s path could match what `template` matches, with a fixed segment where
    `template` has a parameter (and never the other way round)."""
    path = getattr(route, "path", None)
    if not isinstance(path, str) or path == template:
        return False
    ours, theirs = template.strip("/").split("/"), path.strip("/").split("/")
    if len(ours) != len(theirs):
        return False
    pairs = list(zip(ours, theirs, strict=True))
    fixed_where_templated = any("{" in o and "{" not in t for o, t in pairs)
    compatible = all("{" in o or o == t for o, t in pairs)
    return fixed_where_templated and compatible


def _declared_media_type(request: Request, declared: tuple[str, ...]) -> bool:
    content_type = received_media_type(request)
    if content_type is None:
        # No body at all is for the body's validation to refuse (422), not a media type error.
        return True
    return any(media.matches(wanted, content_type) for wanted in declared)
