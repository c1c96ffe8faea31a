"""The request body limit: 413 before a body over it is read whole.

The middleware sets the limit of every request (`max_bytes`) and counts the body as it streams
in; an operation that takes larger bodies (an upload: the spec's `x-max-body-bytes`) raises its
own requests' limit before reading them (routing.ContractRoute), and refuses by Content-Length
before reading anything.
"""

from typing import Final

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Where a request's limit is kept in its ASGI scope.
LIMIT_KEY: Final = "specfirst.max_body_bytes"


class BodySizeLimit:
    """ASGI middleware: refuses request bodies over the limit with 413, while they stream in
    (RFC 9110 §15.5.14); the operation's route checks Content-Length first."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope[LIMIT_KEY] = self.max_bytes
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > scope[LIMIT_KEY]:
                # Raised where the body is read; the operation's route renders it as a problem.
                raise HTTPException(413, too_large(scope[LIMIT_KEY]))
            return message

        await self.app(scope, limited_receive, send)


def too_large(max_bytes: int) -> str:
    return f"Request body is larger than {max_bytes} bytes"


def declared_too_large(scope: Scope) -> str | None:
    """Why the request's Content-Length is over its limit, or None when it is not (or the
    request runs without BodySizeLimit)."""
    limit = scope.get(LIMIT_KEY)
    declared = dict(scope["headers"]).get(b"content-length")
    if limit is not None and declared is not None and declared.isdigit() and int(declared) > limit:
        return too_large(limit)
    return None
