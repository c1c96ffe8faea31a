"""Binding operations to FastAPI: each generated endpoint becomes a route that answers, per the
spec, what FastAPI would answer its own way.

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
from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Router
from starlette.types import Receive, Scope, Send

from specfirst.runtime import media
from specfirst.runtime.binding_errors import BindingError, BindingErrors
from specfirst.runtime.bodies import received_media_type
from specfirst.runtime.body_limit import LIMIT_KEY, declared_too_large
from specfirst.runtime.errors import SERVER_ERROR_DETAIL
from specfirst.runtime.negotiation import best_match
from specfirst.runtime.problem_responses import problem_response
from specfirst.runtime.problems import Unavailable
from specfirst.runtime.rendering import ACCEPT, render
from specfirst.runtime.requests import RequestReader

logger = logging.getLogger(__name__)

# What a 503 says when an exception means "a dependency is down"; None for any other
# exception. The application decides which exceptions, and what to tell clients.
DescribeUnavailable = Callable[[Exception], Unavailable | None]
Endpoint = Callable[..., Awaitable[Response]]


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
        raise MissingOperationError(
            f"{type(handlers).__name__} does not implement {getattr(interface, '__name__', '')}: "
            f"missing or not async: {', '.join(missing)}"
        )


def add_operation(
    router: APIRouter,
    endpoint: Endpoint,
    method: str,
    path: str,
    *,
    request_media_types: tuple[str, ...] = (),
    invalid_request_status: int = 422,
    oauth2_token_endpoint: bool = False,
    describe_unavailable: DescribeUnavailable | None = None,
    negotiated_media_types: tuple[str, ...] = (),
    chooses_media_type: bool = False,
    binding_responses: Mapping[int, Any] | None = None,
    binding_errors: BindingErrors | None = None,
    max_body_bytes: int | None = None,
) -> None:
    """Serve `endpoint` (named after its operationId) at `method path`, per the spec:
    `request_media_types` are the body's declared content types (none: no body);
    `negotiated_media_types`, those of its success responses when one of them offers a
    choice; `chooses_media_type`, whether some response does (Accept then chooses);
    `binding_responses`, the response classes the spec declares for statuses the binding
    answers itself, in a format other than problem details, which `binding_errors` builds;
    `max_body_bytes`, a body limit of its own (an upload's: the spec's `x-max-body-bytes`)."""
    route_class = type(
        "ContractRoute",
        (ContractRoute,),
        {
            "request_media_types": request_media_types,
            "invalid_request_status": invalid_request_status,
            "oauth2_token_endpoint": oauth2_token_endpoint,
            "negotiated_media_types": negotiated_media_types,
            "chooses_media_type": chooses_media_type or bool(negotiated_media_types),
            "binding_responses": dict(binding_responses or {}) if binding_errors else {},
            "binding_errors": None if binding_errors is None else staticmethod(binding_errors),
            "max_body_bytes": max_body_bytes,
            # staticmethod: a plain function stored on a class would be bound to the route.
            "describe_unavailable": (
                None if describe_unavailable is None else staticmethod(describe_unavailable)
            ),
        },
    )
    router.add_api_route(
        path,
        endpoint,
        methods=[method],
        operation_id=endpoint.__name__,
        response_model=None,
        route_class_override=route_class,
    )


class ContractRoute(APIRoute):
    """One operation's route (module docstring). `add_operation` makes a subclass per
    operation with its settings.

    The route itself is the ASGI app: a RequestReader reads the endpoint's arguments, and
    FastAPI's per-request machinery (dependency solving, exit stacks) is not used; FastAPI
    never sees the endpoint's signature, which it could not read (parameter styles, bodies
    of any media type).
    """

    request_media_types: tuple[str, ...] = ()
    invalid_request_status: int = 422
    oauth2_token_endpoint: bool = False
    describe_unavailable: DescribeUnavailable | None = None
    negotiated_media_types: tuple[str, ...] = ()
    chooses_media_type: bool = False
    binding_responses: Mapping[int, Any] = {}
    binding_errors: BindingErrors | None = None
    max_body_bytes: int | None = None

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        options["name"] = options.get("name") or endpoint.__name__
        super().__init__(path, _read_by_the_route, **options)
        # The real endpoint, for the reader and for routers that copy routes (include_router).
        self.endpoint = self.operation = endpoint
        self.reader = RequestReader(endpoint)
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
        if self.max_body_bytes is not None and LIMIT_KEY in request.scope:
            request.scope[LIMIT_KEY] = self.max_body_bytes  # this operation's own limit
        if (too_large := declared_too_large(request.scope)) is not None:
            return self._problem(413, too_large)
        if self.request_media_types and not _declared_media_type(request, self.request_media_types):
            return self._problem(
                415, f"Content-Type must be {' or '.join(self.request_media_types)}"
            )
        if self.chooses_media_type:
            accept = request.headers.get("accept")
            offered = self.negotiated_media_types
            if offered and best_match(accept, offered) is None:
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
            unavailable = (
                None if self.describe_unavailable is None else self.describe_unavailable(exc)
            )
            if unavailable is not None:
                # Expected while a dependency is down: one line, not a traceback per request.
                logger.warning("operation %s: unavailable: %r", self.name, exc)
                retry_after = str(unavailable.retry_after_seconds)
                return self._problem(503, unavailable.detail, headers={"Retry-After": retry_after})
            logger.exception("operation %s failed", self.name)
            return problem_response(500, SERVER_ERROR_DETAIL)

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
        decode_errors = [e for e in raw_errors if e.get("type") == "json_invalid"]
        status = 400 if decode_errors else self.invalid_request_status
        if decode_errors:
            reason = decode_errors[0].get("ctx", {}).get("error", "not JSON")
            detail = f"Malformed JSON body: {reason}"
        else:
            first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
            detail = ".".join(str(part) for part in first["loc"]) + f": {first['msg']}"
        if len(errors) > 1:
            detail += f" (and {len(errors) - 1} more)"
        extra: dict[str, Any] = {"errors": errors}
        if self.oauth2_token_endpoint and status == 400:
            extra["error"] = "invalid_request"
        return self._problem(status, detail, **extra)

    def _problem(
        self, status: int, detail: str, *, headers: Mapping[str, str] | None = None, **members: Any
    ) -> Response:
        """The binding's own answer: problem details, or the response the spec declares for
        it, built by the application (binding_errors.py)."""
        declared = self.binding_responses.get(status)
        if declared is None or self.binding_errors is None:
            return problem_response(status, detail, headers=headers, **members)
        error = BindingError(status, detail, headers or {}, members, declared)
        response = render(self.binding_errors(error), declared)
        for name, value in (headers or {}).items():
            response.headers.setdefault(name, value)
        return response


async def _read_by_the_route() -> None:
    """What FastAPI is given as the endpoint: the route reads and calls the real one."""


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
