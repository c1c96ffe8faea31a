"""Prometheus metrics: what the service measures, the ASGI middleware that measures requests,
and the hooks that measure the database pool and count outages, login refusals and replays.

Imported only when METRICS_PORT is set (service.app, service.middleware): unset, nothing here
is loaded and nothing is measured. The exposition is served on METRICS_PORT, never on the
API's port (service.metrics_exposition). Under Gunicorn, its master sets
PROMETHEUS_MULTIPROC_DIR before any worker imports this module (gunicorn.conf.py), so each
worker's values go to files there and the master serves their sum.
"""

import functools
import time
from typing import Any, Final

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import event
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.db.database import Database
from specfirst.runtime.problems import Unavailable
from specfirst.runtime.routing import DescribeUnavailable

# The `operation` of a request no route matched: any path a client invents is one label value.
UNMATCHED: Final = "unmatched"

# The service answers in about 1-50 ms: fine buckets there, coarser ones up to the database
# timeout (DATABASE_TIMEOUT_SECONDS, 5 s by default), after which requests end as 503.
REQUEST_SECONDS_BUCKETS: Final = (
    0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0
)  # fmt: skip
# A free pooled connection is handed out in microseconds; waits beyond that mean the pool is
# too small for the load (up to the timeout, then 503).
CONNECTION_WAIT_SECONDS_BUCKETS: Final = (
    0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 2.5, 5.0
)  # fmt: skip

REQUESTS: Final = Counter(
    "http_requests",
    "HTTP requests answered, by operationId (unmatched: no route) and response status code.",
    ["operation", "status"],
)
REQUEST_DURATION: Final = Histogram(
    "http_request_duration_seconds",
    "Time from a request's arrival to its response's end, by operationId, in seconds.",
    ["operation"],
    buckets=REQUEST_SECONDS_BUCKETS,
)
# livesum: the sum over the live worker processes; a dead worker's requests are no longer
# in flight.
REQUESTS_IN_FLIGHT: Final = Gauge(
    "http_requests_in_flight",
    "HTTP requests being handled now.",
    multiprocess_mode="livesum",
)
CONNECTIONS_IN_USE: Final = Gauge(
    "database_pool_connections_in_use",
    "Database connections checked out of the pools now (at most DATABASE_POOL_SIZE each).",
    multiprocess_mode="livesum",
)
CONNECTION_WAIT: Final = Histogram(
    "database_pool_wait_seconds",
    "Time a unit of work waited to get a database connection (from the pool, or a new one), "
    "in seconds.",
    buckets=CONNECTION_WAIT_SECONDS_BUCKETS,
)
UNAVAILABLE_RESPONSES: Final = Counter(
    "dependency_unavailable_responses",
    "503 responses because a dependency (database or redis) was down or not at the schema.",
    ["dependency"],
)
LOGIN_REFUSALS: Final = Counter(
    "login_rate_limited",
    "Login attempts refused (429) by the login rate limit.",
)
IDEMPOTENT_REPLAYS: Final = Counter(
    "idempotent_replays",
    "Requests answered with the stored response of an earlier one with the same "
    "Idempotency-Key (nothing created again).",
)


class RequestMetrics:
    """ASGI middleware: counts each request by operation and status, times it, and keeps the
    number in flight. A request the application fails before answering counts as 500, which
    is what the server then sends."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        REQUESTS_IN_FLIGHT.inc()
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            duration = time.perf_counter() - started
            REQUESTS_IN_FLIGHT.dec()
            operation = _operation(scope)
            _requests(operation, status).inc()
            _request_duration(operation).observe(duration)


# A metric's child for given labels, looked up once: `labels()` took 2.2 µs a call, the
# cached lookup 0.3 µs (measured). Operations and statuses are few, so are the entries.
@functools.cache
def _requests(operation: str, status: int) -> Counter:
    return REQUESTS.labels(operation, str(status))


@functools.cache
def _request_duration(operation: str) -> Histogram:
    return REQUEST_DURATION.labels(operation)


def _operation(scope: Scope) -> str:
    """The matched route's operationId (the name of a route outside the contract, such as
    /docs); UNMATCHED when no route matched. The router records its match in the scope."""
    route: Any = scope.get("route")
    name = getattr(route, "operation_id", None) or getattr(route, "name", None)
    return name if isinstance(name, str) else UNMATCHED


def measure_pool(database: Database) -> None:
    """Keep CONNECTIONS_IN_USE and CONNECTION_WAIT for `database`'s pool."""
    engine = database.engine.sync_engine
    # Listeners run in the order they were added: create_database's checkout listener, which
    # may discard a closed connection (and then SQLAlchemy checks out another), runs before
    # this one, so only connections really handed out are counted.
    event.listen(engine, "checkout", _checked_out)
    event.listen(engine, "checkin", _checked_in)
    database.observe_connection_wait(CONNECTION_WAIT.observe)


def _checked_out(_dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    CONNECTIONS_IN_USE.inc()


def _checked_in(_dbapi_connection: Any, _record: Any) -> None:
    CONNECTIONS_IN_USE.dec()


def counting_unavailable(dependency: str, describe: DescribeUnavailable) -> DescribeUnavailable:
    """`describe`, counting in UNAVAILABLE_RESPONSES each 503 it describes."""
    counter = UNAVAILABLE_RESPONSES.labels(dependency)

    def describe_and_count(error: Exception) -> Unavailable | None:
        unavailable = describe(error)
        if unavailable is not None:
            counter.inc()
        return unavailable

    return describe_and_count
