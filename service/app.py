"""Builds the FastAPI application: settings, database, authentication, handlers, transport."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from service.auth.authenticator import BearerAuthenticator
from service.auth.passwords import PasswordHasher
from service.auth.rate_limit import HitCounter, LoginRateLimiter, RedisHitCounter
from service.auth.tokens import TokenCodec
from service.client_address import RememberClientAddress, client_address
from service.clock import Clock, utc_now
from service.contract import load_contract
from service.db.database import Database, create_database, is_database_unavailable
from service.db.middleware import TransactionPerRequest
from service.db.migrate import upgrade_to_head_async
from service.db.products import ProductRepository
from service.db.rate_limits import DatabaseHitCounter
from service.db.users import UserRepository
from service.generated.routes import bind_routes
from service.generated.transport import install_transport
from service.handlers.auth import Auth
from service.handlers.items import Items
from service.handlers.meta import Meta
from service.handlers.products import Products
from service.handlers.users import Users
from service.request_log import REQUEST_ID_HEADER, RequestLog, acceptable_request_id
from service.settings import Settings


def create_app(settings: Settings, *, clock: Clock = utc_now) -> FastAPI:
    """The whole service, configured by `settings`; `clock` is replaceable for tests."""
    database = create_database(settings)
    redis = (
        Redis.from_url(
            settings.redis_url,
            socket_timeout=settings.database_timeout_seconds,
            socket_connect_timeout=settings.database_timeout_seconds,
        )
        if settings.redis_url
        else None
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The embedded default works with no set-up step (`make run`: one process). Under
        # Gunicorn the master has migrated before forking, so workers find nothing to do here;
        # PostgreSQL is migrated by that master or by `make migrate`, never by workers.
        if settings.is_sqlite:
            await upgrade_to_head_async(settings.database_url)
        try:
            yield
        finally:
            await database.dispose()
            if redis is not None:
                await redis.aclose()

    contract = load_contract()
    app = FastAPIOffline(
        title=contract["info"]["title"],
        version=contract["info"]["version"],
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    # /openapi.json serves the handwritten contract, not the document FastAPI would derive.
    app.openapi = lambda: contract  # type: ignore[method-assign]
    # Middleware added last runs first: the request id, the request's log line, the client
    # address, the transport's body limit, then the request's transaction.
    app.add_middleware(TransactionPerRequest, database=database)
    install_transport(app, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RememberClientAddress)
    app.add_middleware(RequestLog)
    app.add_middleware(
        CorrelationIdMiddleware, header_name=REQUEST_ID_HEADER, validator=acceptable_request_id
    )

    users = UserRepository(database)
    hasher = PasswordHasher(
        time_cost=settings.password_hash_time_cost, memory_kib=settings.password_hash_memory_kib
    )
    tokens = TokenCodec(
        secret_key=settings.secret_key.get_secret_value() if settings.secret_key else None,
        lifetime=timedelta(minutes=settings.access_token_expire_minutes),
    )
    bind_routes(
        app.router,
        authenticate=BearerAuthenticator(tokens, users),
        is_unavailable=is_dependency_unavailable,
        meta=Meta(readiness_probes={"Database": database.ping}),
        items=Items(),
        users=Users(users, hasher, clock),
        auth=Auth(
            users, hasher, tokens, login_limiter(settings, database, redis), client_address, clock
        ),
        products=Products(ProductRepository(database), clock),
    )
    return app


def login_limiter(settings: Settings, database: Database, redis: Redis | None) -> LoginRateLimiter:
    """Counts in Redis when REDIS_URL is set, in the database otherwise: either way, shared by
    every worker and instance."""
    counter: HitCounter = (
        DatabaseHitCounter(database.engine) if redis is None else RedisHitCounter(redis)
    )
    return LoginRateLimiter(
        counter,
        per_address=settings.login_attempts_per_address,
        per_username=settings.login_attempts_per_username,
        window_seconds=settings.login_window_seconds,
    )


def is_dependency_unavailable(error: Exception) -> bool:
    """The database, or Redis (the login limiter's counters), is down or not answering."""
    return is_database_unavailable(error) or isinstance(
        error, RedisConnectionError | RedisTimeoutError
    )
