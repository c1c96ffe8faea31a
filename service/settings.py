"""Every setting the service reads, from the environment (or a `.env` file), in one class.

`load_settings()` is the one place they are read; an invalid value stops the service at start
with a message naming the variable, not a traceback.
"""

import re
from typing import Annotated, Final, Literal

from pydantic import (
    BeforeValidator,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_DATABASE_URL: Final = "sqlite+aiosqlite:///service.db"
# HS256 keys shorter than the hash output (32 bytes) weaken the signature (RFC 7518 §3.2).
MIN_SECRET_KEY_LENGTH: Final = 32
# A generated key (secrets.token_urlsafe or token_hex) has far more distinct characters than
# this; a long key with fewer is a placeholder such as "changethis" repeated.
MIN_SECRET_KEY_DISTINCT_CHARACTERS: Final = 10
GENERATE_A_KEY: Final = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"

# How the service reaches PostgreSQL (DATABASE_POOLER): directly ("none"; PgBouncer in session
# mode counts as direct, a client keeps its server connection) or through a transaction pooler
# (service.db.engine says what changes).
Pooler = Literal["none", "transaction"]

# The drivers the data layer is written and tested for; the URL schemes hosting platforms
# hand out for PostgreSQL are accepted and given the async driver.
_DRIVERS: Final = {
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "sqlite": "sqlite+aiosqlite",
    "postgresql+asyncpg": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


def _split_commas(value: object) -> object:
    if isinstance(value, str):
        return tuple(item.strip() for item in value.split(",") if item.strip())
    return value


# A list in one variable, comma-separated: `CORS_ALLOW_ORIGINS=https://a.example,https://b.example`.
CommaSeparated = Annotated[tuple[str, ...], NoDecode, BeforeValidator(_split_commas)]
# An origin as browsers send it (RFC 6454 §6.2): scheme, host and optional port, no path.
_ORIGIN: Final = re.compile(r"https?://[^/?#\s]+")


class Settings(BaseSettings):
    """The service's configuration. Each field is read from the upper-case variable of its name."""

    # validate_default: the production checks on SECRET_KEY must also see it left unset.
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", frozen=True, validate_default=True
    )

    environment: Literal["development", "test", "production"] = "development"
    # sqlite+aiosqlite:///<file> or postgresql+asyncpg://...; normalised by the validator.
    database_url: str = DEFAULT_DATABASE_URL
    # Unset outside production, the token codec signs with a random per-process key and warns.
    secret_key: SecretStr | None = None
    access_token_expire_minutes: Annotated[int, Field(ge=1, le=60 * 24 * 30)] = 30
    # Argon2id cost (RFC 9106's second recommended setting by default); tests lower it.
    password_hash_time_cost: Annotated[int, Field(ge=1, le=20)] = 3
    password_hash_memory_kib: Annotated[int, Field(ge=64, le=4 * 1024 * 1024)] = 64 * 1024
    max_body_bytes: Annotated[int, Field(ge=1024, le=64 * 1024 * 1024)] = 1024 * 1024
    # How long a request may wait for a database connection or statement before it fails.
    database_timeout_seconds: Annotated[float, Field(gt=0, le=60)] = 5.0
    # Database connections each process keeps open (and at most uses at once). One worker
    # is busy computing long before five are: under `make bench`, ten were no faster on
    # PostgreSQL and held 2 MiB more on SQLite.
    database_pool_size: Annotated[int, Field(ge=1, le=100)] = 5
    database_pooler: Pooler = "none"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # Login attempts allowed per client address and per username in each window.
    login_attempts_per_address: Annotated[int, Field(ge=1)] = 30
    login_attempts_per_username: Annotated[int, Field(ge=1)] = 10
    login_window_seconds: Annotated[int, Field(ge=1, le=24 * 3600)] = 60
    # Where the login limiter counts when several instances share it; unset: the database.
    redis_url: str | None = None
    # How long an Idempotency-Key is remembered: a retry after that creates again.
    idempotency_key_lifetime_hours: Annotated[int, Field(ge=1, le=24 * 365)] = 24
    # The port Prometheus metrics are served on, never the API's (service.metrics); unset, the
    # service measures nothing and does not even import prometheus_client.
    metrics_port: Annotated[int, Field(ge=1, le=65535)] | None = None
    # Origins (scheme://host[:port]) whose browser apps may call the API (CORS), and what
    # their requests may use. None by default: browsers then keep other sites' pages out.
    cors_allow_origins: CommaSeparated = ()
    cors_allow_methods: CommaSeparated = ("GET", "POST", "PUT", "PATCH", "DELETE")
    cors_allow_headers: CommaSeparated = (
        "Authorization",
        "Content-Type",
        "If-Match",
        "If-None-Match",
        "Idempotency-Key",
    )

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError("not a database URL, e.g. postgresql+asyncpg://user@host/db") from None
        driver = _DRIVERS.get(url.drivername)
        if driver is None:
            raise ValueError(
                f"unsupported database {url.drivername!r}: use sqlite+aiosqlite or "
                "postgresql+asyncpg"
            )
        if driver.startswith("sqlite") and not url.database:
            raise ValueError("SQLite needs a file, e.g. sqlite+aiosqlite:///service.db")
        return url.set(drivername=driver).render_as_string(hide_password=False)

    @field_validator("database_pooler")
    @classmethod
    def _pooler_for_postgresql(cls, value: Pooler, info: ValidationInfo) -> Pooler:
        url = info.data.get("database_url")
        if value != "none" and url is not None and make_url(url).get_backend_name() != "postgresql":
            raise ValueError("a connection pooler applies to PostgreSQL only; unset it for SQLite")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must be a redis://, rediss:// or unix:// URL")
        return value or None

    @field_validator("cors_allow_origins")
    @classmethod
    def _origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for origin in value:
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"{origin!r} is not an origin: give scheme://host[:port], with no path"
                )
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_case_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("secret_key")
    @classmethod
    def _usable_in_production(
        cls, value: SecretStr | None, info: ValidationInfo
    ) -> SecretStr | None:
        if info.data.get("environment") != "production":
            return value
        key = value.get_secret_value() if value else ""
        if not key:
            raise ValueError("required in production")
        if len(key) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(
                f"must be at least {MIN_SECRET_KEY_LENGTH} characters in production; "
                f"generate one with {GENERATE_A_KEY}"
            )
        if len(set(key)) < MIN_SECRET_KEY_DISTINCT_CHARACTERS:
            raise ValueError(f"looks like a placeholder; generate one with {GENERATE_A_KEY}")
        return value

    @property
    def database(self) -> URL:
        return make_url(self.database_url)

    @property
    def is_sqlite(self) -> bool:
        return self.database.get_backend_name() == "sqlite"


class SettingsError(Exception):
    """The environment holds an invalid setting; the message names each variable."""


def load_settings() -> Settings:
    """Read the settings from the environment; SettingsError names every invalid variable."""
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(_describe(error)) from None


def _describe(error: ValidationError) -> str:
    lines = ["Invalid settings:"]
    for problem in error.errors(include_url=False):
        variable = "_".join(str(part) for part in problem["loc"]).upper()
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"  {variable}: {message}")
    return "\n".join(lines)
