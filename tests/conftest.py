"""Shared fixtures: the real application on each database, served in-process.

Every test that uses `app`, `client` or `seed_client` runs twice: on a SQLite file and on a
PostgreSQL database created for the run (at 127.0.0.1:5432, or TEST_POSTGRES_URL).
"""

import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import AsyncClient

from service.app import create_app
from service.settings import Settings
from tests.openapi_spec import declared_responses
from tests.support.databases import empty_tables
from tests.support.migrated import migrated_database
from tests.support.serving import OBSERVED_RESPONSES, make_settings, serving

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated database of each kind, shared by the run's tests (emptied before each).
    The API tests also run through PgBouncer (tests/api/conftest.py)."""
    with migrated_database(request.param, tmp_path_factory) as url:
        yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    empty_tables(database_url)
    return make_settings(database_url)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[AsyncClient]:
    async with serving(app) as http:
        yield http


@pytest.fixture
def seed_client(app: FastAPI) -> Iterator[TestClient]:
    """Starlette's TestClient, as the seed article's tests use it."""
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def node_tools() -> None:
    """The locked Node tools (npm ci into tools/), installed by the Makefile when missing."""
    subprocess.run(["make", "-s", "tools/node_modules/.installed"], cwd=ROOT, check=True)


@pytest.fixture(scope="session")
def chromium() -> None:
    """Debian's Chromium, installed by the Makefile when missing."""
    subprocess.run(["make", "-s", "chromium"], cwd=ROOT, check=True)


@pytest.fixture(scope="session")
def nginx() -> None:
    """Debian's nginx, installed by the Makefile when missing."""
    subprocess.run(["make", "-s", "nginx"], cwd=ROOT, check=True)


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (marked `anyio`) run on asyncio, as the service does."""
    return "asyncio"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After a full, green run: fail if some status the spec declares was never answered."""
    option = session.config.option
    selected = option.keyword or option.markexpr or option.deselect or getattr(option, "lf", False)
    partial = selected or session.config.args not in ([], ["tests"], [str(ROOT / "tests")])
    if partial or exitstatus != 0 or session.testscollected == 0:
        return
    missing = sorted(declared_responses() - OBSERVED_RESPONSES)
    if missing:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("Declared responses no test received:", red=True)
            for method, template, status in missing:
                reporter.write_line(f"  {method} {template} {status}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
