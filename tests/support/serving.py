"""Serving the app in-process to an async client whose every answer is checked against the spec."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from httpx2 import ASGITransport, AsyncClient, Response

from service.settings import Settings
from tests.openapi_spec import assert_conforms, operation_template
from tests.support.databases import pooler_for

TEST_SECRET_KEY = "test-secret-key-0123456789abcdef0123456789"


# What makes a service a test service, in-process (make_settings) and as a process
# (tests.support.processes.service_environment): the test environment and cheap hashing.
TEST_CONFIGURATION: dict[str, object] = {
    "environment": "test",
    "password_hash_time_cost": 1,
    "password_hash_memory_kib": 256,
}


def make_settings(database_url: str, **overrides: object) -> Settings:
    """Test settings: cheap password hashing, a fixed key, the given database (and the pooler
    the suite reaches it through, if any)."""
    values: dict[str, object] = {
        **TEST_CONFIGURATION,
        "database_url": database_url,
        "database_pooler": pooler_for(database_url),
        "secret_key": TEST_SECRET_KEY,
        # Tests log in often; tests of the limiter set their own, low limits.
        "login_attempts_per_address": 100_000,
        "login_attempts_per_username": 100_000,
    }
    return Settings.model_validate(values | overrides)


# (method, path template, status) of every answer checked so far in this run.
OBSERVED_RESPONSES: set[tuple[str, str, int]] = set()


async def conforms_to_the_spec(response: Response) -> None:
    """Every answer to an operation of the spec must be one the spec declares for it."""
    method, path = response.request.method, response.request.url.path
    template = operation_template(method, path)
    if template is not None:
        await response.aread()
        assert_conforms(response, method, template)
        OBSERVED_RESPONSES.add((method, template, response.status_code))


@asynccontextmanager
async def serving(app: FastAPI, *, check_conformance: bool = True) -> AsyncIterator[AsyncClient]:
    """An async HTTP client talking to `app` in-process, with its start-up and shutdown run.

    Each response it receives is checked against openapi.yaml before the test sees it, unless
    the test provokes an answer the spec does not declare (a 500) on purpose.
    """
    hooks = [conforms_to_the_spec] if check_conformance else []
    async with (
        app.router.lifespan_context(app),
        AsyncClient(
            transport=ASGITransport(app=app),
            base_url="http://testserver",
            event_hooks={"response": hooks},
        ) as http,
    ):
        yield http
