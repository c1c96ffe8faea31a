"""Builds the FastAPI application: settings, database, authentication, handlers, middleware."""

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from service.auth.authenticator import BearerAuthenticator
from service.auth.passwords import PasswordHasher
from service.auth.rate_limit import HitCounter, LoginRateLimiter
from service.auth.tokens import TokenCodec
from service.client_address import client_address
from service.clock import Clock, utc_now
from service.contract import load_contract
from service.db.database import create_database, describe_database_unavailable
from service.db.idempotency_keys import IdempotencyKeys
from service.db.products import ProductRepository
from service.db.rate_limits import DatabaseHitCounter
from service.db.users import UserRepository
from service.generated.routes import bind_routes
from service.handlers.auth import Auth
from service.handlers.idempotency import Idempotency
from service.handlers.items import Items
from service.handlers.meta import Meta
from service.handlers.products import Products
from service.handlers.users import Users
from service.middleware import middleware
from service.settings import Settings
from service.tracing_switch import tracing_requested
from specfirst.runtime.exception_handlers import install_problem_handlers
from specfirst.runtime.problems import Unavailable
from specfirst.runtime.routing import DescribeUnavailable

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import SpanProcessor

    from service.tracing import Tracing


def create_app(
    settings: Settings, *, clock: Clock = utc_now, span_processor: "SpanProcessor | None" = None
) -> FastAPI:
    """The whole service, configured by `settings`; `clock` is replaceable for tests.

    Traces are on when the OTEL_* variables say so (service.tracing_switch), or when a test
    gives `span_processor`, which then receives every span."""
    database = create_database(settings)
    contract = load_contract()
    tracing: Tracing | None = None
    if span_processor is not None or tracing_requested():
        # Imported only now: OpenTelemetry's SDK is large. Set up here, in each process that
        # serves (Gunicorn's workers build the app after the fork), never in Gunicorn's master.
        import service.tracing

        tracing = service.tracing.Tracing.set_up(
            database.engine, title=contract["info"]["title"], span_processor=span_processor
        )
    # Login attempts are counted where every worker and instance sees them: in Redis when
    # REDIS_URL is set, in the database otherwise.
    login_counter: HitCounter = DatabaseHitCounter(database)
    # Which dependency an exception says is down (a 503), asked in this order.
    describers: dict[str, DescribeUnavailable] = {"database": describe_database_unavailable}
    close_redis: Callable[[], Awaitable[None]] | None = None
    if settings.redis_url:
        # Imported only here: the redis package is large (see service.auth.redis_counter).
        from service.auth.redis_counter import (
            RedisHitCounter,
            connect_redis,
            describe_redis_unavailable,
        )

        redis = connect_redis(settings.redis_url, timeout_seconds=settings.database_timeout_seconds)
        login_counter, close_redis = RedisHitCounter(redis), redis.aclose
        describers = {"redis": describe_redis_unavailable, **describers}

    count_login_refusal = count_idempotent_replay = _uncounted
    serve_metrics: Callable[[], Callable[[], None]] | None = None
    if settings.metrics_port is not None:
        # Imported only here: with METRICS_PORT unset, nothing is measured (service.metrics).
        from service import metrics, metrics_exposition

        metrics.measure_pool(database)
        describers = {
            dependency: metrics.counting_unavailable(dependency, describe)
            for dependency, describe in describers.items()
        }
        count_login_refusal = metrics.LOGIN_REFUSALS.inc
        count_idempotent_replay = metrics.IDEMPOTENT_REPLAYS.inc
        if not metrics_exposition.in_multiprocess_mode():  # else Gunicorn's master serves them
            serve_metrics = partial(metrics_exposition.serve_own_metrics, settings.metrics_port)
    describe_unavailable = _first_description(describers.values())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The service never migrates: the command that starts it does (`make run` before
        # serving, Gunicorn's master before forking), or an operator (`make migrate`). Until
        # the schema is the code's, the process is not ready and data operations answer 503.
        if tracing is not None:
            tracing.start()
        await database.check_schema_at_start()
        stop_metrics = None if serve_metrics is None else serve_metrics()
        try:
            yield
        finally:
            if stop_metrics is not None:
                stop_metrics()
            await database.dispose()
            if close_redis is not None:
                await close_redis()
            if tracing is not None:
                tracing.shutdown()

    app = FastAPIOffline(
        title=contract["info"]["title"],
        version=contract["info"]["version"],
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
        middleware=middleware(settings, database, None if tracing is None else tracing.middleware),
        # Off, even with traces on: service.tracing makes the request's span, named after the
        # operation. On, every request would look for globally configured providers (three
        # environment lookups, about 6 µs of a 60 µs `GET /`, measured).
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    # /openapi.json serves the handwritten contract, not the document FastAPI would derive.
    app.openapi = lambda: contract  # type: ignore[method-assign]
    install_problem_handlers(app)

    users = UserRepository(database)
    hasher = PasswordHasher(
        time_cost=settings.password_hash_time_cost, memory_kib=settings.password_hash_memory_kib
    )
    secret_key = settings.secret_key.get_secret_value() if settings.secret_key else None
    tokens = TokenCodec(
        secret_key=secret_key,
        lifetime=timedelta(minutes=settings.access_token_expire_minutes),
    )
    idempotency = Idempotency(
        # A retry waits for the first request with its key at most half the database timeout,
        # then gets 409: before the timeout would end the wait as a 503.
        IdempotencyKeys(database, wait_seconds=settings.database_timeout_seconds / 2),
        # Without SECRET_KEY (never in production) a process's fingerprints are its own.
        secret=secret_key.encode() if secret_key else secrets.token_bytes(32),
        lifetime=timedelta(hours=settings.idempotency_key_lifetime_hours),
        clock=clock,
        on_replay=count_idempotent_replay,
    )
    bind_routes(
        app.router,
        oauth2_password_bearer=BearerAuthenticator(tokens, users),
        describe_unavailable=describe_unavailable,
        meta=Meta(readiness_probes={"Database": database.schema_mismatch}),
        items=Items(),
        users=Users(users, hasher, idempotency, clock),
        auth=Auth(
            users,
            hasher,
            tokens,
            LoginRateLimiter(
                login_counter,
                per_address=settings.login_attempts_per_address,
                per_username=settings.login_attempts_per_username,
                window_seconds=settings.login_window_seconds,
                on_refusal=count_login_refusal,
            ),
            client_address,
            clock,
        ),
        products=Products(ProductRepository(database), idempotency, clock),
    )
    return app


def _uncounted() -> None:
    """What counts an event without METRICS_PORT: nothing."""


def _first_description(describers: Iterable[DescribeUnavailable]) -> DescribeUnavailable:
    """The first description of `describers` that is not None (the dependency found down)."""
    in_order = tuple(describers)
    if len(in_order) == 1:  # the database alone: its own function, as it was before metrics
        return in_order[0]

    def describe(error: Exception) -> Unavailable | None:
        for describe_dependency in in_order:
            unavailable = describe_dependency(error)
            if unavailable is not None:
                return unavailable
        return None

    return describe
