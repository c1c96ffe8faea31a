"""Schemathesis in-process: the spec the app serves, fuzzed against the ASGI app itself, on
each database, with every check schemathesis.toml enables. It runs with the rest of the
suite, so a contract break is caught before the live-server run (`make fuzz`)."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.schemas import BaseSchema
from sqlalchemy import insert

from service.auth.tokens import TokenCodec
from service.db.tables import users
from service.settings import Settings
from tests.support.databases import fetch
from tests.support.serving import TEST_SECRET_KEY


async def insert_user(database_url: str) -> int:
    """A user stored directly, so no request of this test runs outside Schemathesis' own loop."""
    statement = insert(users).values(
        username="fuzzer",
        email="fuzzer@example.com",
        password_hash="never used: the test signs its token itself",
        created_at=datetime.now(UTC),
    )
    [(user_id,)] = await fetch(database_url, statement.returning(users.c.id))
    return int(user_id)


@pytest.fixture
def api_schema(app: FastAPI, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> BaseSchema:
    user_id = asyncio.run(insert_user(settings.database_url))
    codec = TokenCodec(secret_key=TEST_SECRET_KEY, lifetime=timedelta(hours=1))
    # schemathesis.toml sends FUZZ_TOKEN as the bearer token of the secured operations.
    monkeypatch.setenv("FUZZ_TOKEN", codec.issue(user_id, now=datetime.now(UTC)).access_token)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_app_keeps_its_contract(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()
