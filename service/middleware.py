"""Every ASGI middleware of the service, in one list, in the order requests meet them.

The order is part of correctness (tests/test_middleware.py pins it):

1. RequestLog, outermost: the request gets its id before anything logs, and the line records
   the status the client got, whoever answered.
2. TraceRequests (service.tracing), only when traces are on: inside RequestLog, so that the
   request's id is known for its span; outside the rest, so that the span covers CORS, the
   body limit and the transaction, and the database's spans are its children.
3. ContractCORS, when origins are allowed: every answer below it carries the CORS headers,
   errors included (413, 401, 503), so a browser app can read them; preflights are answered
   here, before the body limit or a transaction.
4. RememberClientAddress: the client's address, for the login limiter.
5. BodySizeLimit: a body over the limit is refused before anything reads it.
6. TransactionPerRequest, innermost: it sees the status the route answered, and commits
   before the response starts (or rolls back on an error).

Exception handlers (404, 405, 500 as problem+json) are not middleware: the runtime installs
them (specfirst.runtime.errors).
"""

from starlette.middleware import Middleware

from service.client_address import RememberClientAddress
from service.cors import ContractCORS
from service.db.database import Database
from service.db.middleware import TransactionPerRequest
from service.request_log import RequestLog
from service.settings import Settings
from specfirst.runtime.body_limit import BodySizeLimit


def middleware(
    settings: Settings, database: Database, tracing: Middleware | None = None
) -> list[Middleware]:
    """The service's middleware, outermost first (as Starlette's `middleware=` takes it);
    `tracing` is service.tracing's, when traces are on (that module is imported only then)."""
    cors = (
        [
            Middleware(
                ContractCORS,
                origins=settings.cors_allow_origins,
                methods=settings.cors_allow_methods,
                headers=settings.cors_allow_headers,
            )
        ]
        if settings.cors_allow_origins
        else []
    )
    return [
        Middleware(RequestLog),
        *([tracing] if tracing is not None else []),
        *cors,
        Middleware(RememberClientAddress),
        Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes),
        Middleware(TransactionPerRequest, database=database),
    ]
