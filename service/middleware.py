"""Every ASGI middleware of the service, in one list, in the order requests meet them.

The order is part of correctness (tests/test_middleware.py pins it):

1. RequestMetrics, when METRICS_PORT is set, outermost: it counts the status the client got
   whatever answered (a CORS refusal, a 413, a failure in any layer below counts as 500, as
   Starlette's ServerErrorMiddleware then answers), and times every layer. It does not log,
   so it needs no request id.
2. RequestLog, outermost otherwise: the request gets its id before anything logs, and the line
   records the status the client got, whoever answered.
3. TraceRequests (service.tracing), only when traces are on: inside RequestLog, so that the
   request's id is known for its span; outside the rest, so that the span covers CORS, the
   body limit and the transaction, and the database's spans are its children.
4. ContractCORS, when origins are allowed: every answer below it carries the CORS headers,
   errors included (413, 401, 503), so a browser app can read them; preflights are answered
   here, before the body limit or a transaction.
5. RememberClientAddress: the client's address, for the login limiter.
6. BodySizeLimit: a body over the limit is refused before anything reads it.
7. TransactionPerRequest, innermost: it sees the status the route answered, and commits
   before the response starts (or rolls back on an error).

Exception handlers (404, 405, 500 as problem+json) are not middleware: the runtime installs
them (specfirst.runtime.exception_handlers).
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
    metrics: list[Middleware] = []
    if settings.metrics_port is not None:
        # Imported only here: unset, prometheus_client is not even loaded.
        from service.metrics import RequestMetrics

        metrics = [Middleware(RequestMetrics)]
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
        *metrics,
        Middleware(RequestLog),
        *([tracing] if tracing is not None else []),
        *cors,
        Middleware(RememberClientAddress),
        Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes),
        Middleware(TransactionPerRequest, database=database),
    ]
