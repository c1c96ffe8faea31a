"""Shared fixtures: the real application, served in-process."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (marked `anyio`) run on asyncio, as the service does."""
    return "asyncio"
