"""The address of the client of the running request, for code that is not given the request.

Behind a reverse proxy, run the server with its proxy-headers options (uvicorn's
--forwarded-allow-ips, Gunicorn's forwarded_allow_ips: FORWARDED_ALLOW_IPS for both) so that
this is the real client: the server rewrites the request's client from the X-Forwarded-For of
a trusted proxy before this middleware reads it (tests/deploy/test_proxy.py).
"""

from contextvars import ContextVar

from starlette.types import ASGIApp, Receive, Scope, Send

_client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


def client_address() -> str | None:
    return _client_address.get()


class RememberClientAddress:
    """ASGI middleware: makes the request's client address available to `client_address()`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        token = _client_address.set(client[0] if client else None)
        try:
            await self.app(scope, receive, send)
        finally:
            _client_address.reset(token)
