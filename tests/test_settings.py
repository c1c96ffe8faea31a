"""Settings: read from the environment, refused at start with a message naming the variable."""

import logging
import os
import secrets
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from service.auth.tokens import TokenCodec
from service.settings import DEFAULT_DATABASE_URL, Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[1]
GOOD_KEY = secrets.token_hex(32)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No variable (nor a developer's .env file) from outside the test leaks in."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults_are_the_embedded_development_setup() -> None:
    settings = load_settings()
    assert settings.environment == "development"
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.is_sqlite
    assert settings.secret_key is None
    assert settings.max_body_bytes == 1024 * 1024
    assert settings.idempotency_key_lifetime_hours == 24
    assert settings.cors_allow_origins == ()  # no browser app of another site is allowed
    assert settings.database_pooler == "none"


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCESS_TOKEN_EXPIRE_MINUTES", "5")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:p%40ss@db:5432/products")
    monkeypatch.setenv("DATABASE_POOLER", "transaction")
    settings = load_settings()
    assert settings.access_token_expire_minutes == 5
    assert settings.log_level == "DEBUG"
    # Hosting platforms' plain postgresql:// URLs get the async driver; the password survives.
    assert settings.database_url == "postgresql+asyncpg://app:p%40ss@db:5432/products"
    assert not settings.is_sqlite
    assert settings.database_pooler == "transaction"


def test_cors_lists_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ALLOW_ORIGINS", "https://app.example.com, http://localhost:5173")
    monkeypatch.setenv("CORS_ALLOW_METHODS", "GET,POST")
    settings = load_settings()
    assert settings.cors_allow_origins == ("https://app.example.com", "http://localhost:5173")
    assert settings.cors_allow_methods == ("GET", "POST")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "not a url", "DATABASE_URL: not a database URL"),
        ("DATABASE_URL", "mysql://db/x", "DATABASE_URL: unsupported database 'mysql'"),
        ("DATABASE_URL", "sqlite+aiosqlite://", "DATABASE_URL: SQLite needs a file"),
        ("ACCESS_TOKEN_EXPIRE_MINUTES", "-5", "ACCESS_TOKEN_EXPIRE_MINUTES:"),
        ("ACCESS_TOKEN_EXPIRE_MINUTES", "soon", "ACCESS_TOKEN_EXPIRE_MINUTES:"),
        ("ENVIRONMENT", "staging", "ENVIRONMENT:"),
        ("MAX_BODY_BYTES", "0", "MAX_BODY_BYTES:"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL:"),
        ("METRICS_PORT", "0", "METRICS_PORT:"),
        ("METRICS_PORT", "65536", "METRICS_PORT:"),
        ("METRICS_PORT", "metrics", "METRICS_PORT:"),
        ("CORS_ALLOW_ORIGINS", "https://app.example.com/", "CORS_ALLOW_ORIGINS: .* no path"),
        ("CORS_ALLOW_ORIGINS", "app.example.com", "CORS_ALLOW_ORIGINS: .* is not an origin"),
        ("IDEMPOTENCY_KEY_LIFETIME_HOURS", "0", "IDEMPOTENCY_KEY_LIFETIME_HOURS:"),
        ("DATABASE_POOLER", "session", "DATABASE_POOLER:"),
        # The default database is SQLite: a pooler is for PostgreSQL.
        ("DATABASE_POOLER", "transaction", "DATABASE_POOLER: .* PostgreSQL only"),
    ],
)
def test_an_invalid_value_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=message):
        load_settings()


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "SECRET_KEY: required in production"),
        ("short-key", "SECRET_KEY: must be at least 32 characters"),
        ("changethis", "SECRET_KEY: must be at least 32 characters"),
        ("changethis" * 4, "SECRET_KEY: looks like a placeholder"),
        ("x" * 64, "SECRET_KEY: looks like a placeholder"),
    ],
)
def test_production_refuses_a_missing_short_or_default_key(
    monkeypatch: pytest.MonkeyPatch, key: str | None, message: str
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    if key is not None:
        monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(SettingsError, match=message):
        load_settings()


def test_production_accepts_a_long_random_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    assert load_settings().secret_key is not None


def test_without_a_key_development_signs_with_a_random_one_and_warns(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    settings = load_settings()
    assert settings.secret_key is None
    first = TokenCodec(secret_key=None, lifetime=timedelta(minutes=5))
    second = TokenCodec(secret_key=None, lifetime=timedelta(minutes=5))
    assert "SECRET_KEY is not set" in caplog.text
    token = first.issue(1, now=datetime.now(UTC)).access_token
    assert first.user_id(token) == 1
    assert second.user_id(token) is None  # another process, another key


def test_the_service_refuses_to_start_with_a_clear_message() -> None:
    variables = {name.upper() for name in Settings.model_fields}
    environment = {key: value for key, value in os.environ.items() if key not in variables}
    result = subprocess.run(
        [sys.executable, "-c", "import service.main"],
        cwd=ROOT,
        env=environment | {"ENVIRONMENT": "production", "ACCESS_TOKEN_EXPIRE_MINUTES": "-1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "SECRET_KEY: required in production" in result.stderr
    assert "ACCESS_TOKEN_EXPIRE_MINUTES:" in result.stderr
