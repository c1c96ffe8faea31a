"""The `meta` operations: the seed's hello, liveness and readiness."""

import asyncio

import pytest
from fastapi.testclient import TestClient

from service.generated.responses import CheckReadiness503Response
from service.handlers import meta
from service.handlers.meta import Meta


def test_root_says_hello_as_in_the_seed(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.json() == {"message": "Hello World"}


def test_liveness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_ready_without_dependencies(client: TestClient) -> None:
    assert client.get("/readyz").json() == {"status": "ok"}


async def answers() -> None:
    return None


async def refuses() -> None:
    raise ConnectionRefusedError


async def hangs() -> None:
    await asyncio.sleep(60)


@pytest.mark.anyio
async def test_readiness_asks_every_probe() -> None:
    assert (await Meta([answers, answers]).check_readiness()).status_code == 200
    not_ready = await Meta([answers, refuses]).check_readiness()
    assert isinstance(not_ready, CheckReadiness503Response)
    assert not_ready.body.detail == "A dependency is not ready: ConnectionRefusedError"


@pytest.mark.anyio
async def test_a_hanging_probe_is_not_ready_within_the_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(meta, "READINESS_TIMEOUT_SECONDS", 0.05)
    assert (await Meta([hangs]).check_readiness()).status_code == 503
