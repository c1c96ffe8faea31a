"""One log line per request: method, path template, status, duration, request id, user id.

Never the query string, headers or body: they can carry passwords and tokens.
"""

import time
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.request_id import CURRENT_REQUEST_ID, REQUEST_ID_HEADER_NAME, request_id_for

logger = structlog.get_logger("service.requests")


class RequestLog:
    """ASGI middleware: gives each request its id (service.request_id), which the response
    carries in X-Request-ID and every log line of the request in `request_id`, and logs one
    line when the request ends.

    The id and the line are one middleware because they share their work: the same response
    start gives the status to log and takes the id header (one layer less per request).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_for(scope["headers"])
        id_header = (REQUEST_ID_HEADER_NAME, request_id.encode("ascii"))
        token = CURRENT_REQUEST_ID.set(request_id)
        # Values bound during this request (the user id) start empty, and end with its line.
        structlog.contextvars.clear_contextvars()
        started = time.perf_counter()
        status = 500  # what the client gets if the application fails before answering

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                # A new list: the response's own may be shared.
                message = {**message, "headers": [*message.get("headers", ()), id_header]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            logger.info(
                "request",
                method=scope["method"],
                path=_path_template(scope),
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
            )
            CURRENT_REQUEST_ID.reset(token)


def _path_template(scope: Scope) -> str | None:
    """The matched route's template (`/products/{product_id}`), None when nothing matched."""
    route: Any = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else None
