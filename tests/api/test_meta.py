"""The `meta` operations: the seed's hello, liveness and readiness."""

import asyncio

import pytest
from httpx2 import AsyncClient

from service.generated.responses import NotReadyResponse
from service.handlers import meta
from service.handlers.meta import Meta


@pytest.mark.anyio
async def test_root_says_hello_as_in_the_seed(client: AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert response.json() == {"message": "Hello World"}


@pytest.mark.anyio
async def test_liveness(client: AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}


@pytest.mark.anyio
async def test_ready_when_the_database_answers(client: AsyncClient) -> None:
    assert (await client.get("/readyz")).json() == {"status": "ok"}


async def answers() -> None:
    return None


async def refuses() -> None:
    raise ConnectionRefusedError


async def hangs() -> None:
    await asyncio.sleep(60)


async def unfit() -> str:
    return "The schema is old: run the migrations."


@pytest.mark.anyio
async def test_readiness_asks_every_probe() -> None:
    assert (await Meta({"A": answers, "B": answers}).check_readiness()).status_code == 200
    not_ready = await Meta({"A": answers, "Database": refuses}).check_readiness()
    assert isinstance(not_ready, NotReadyResponse)
    assert not_ready.body.detail == "Database is not reachable."


@pytest.mark.anyio
async def test_a_dependency_that_answers_but_is_unfit_says_why() -> None:
    not_ready = await Meta({"A": answers, "Database": unfit, "B": refuses}).check_readiness()
    assert isinstance(not_ready, NotReadyResponse)
    assert not_ready.body.detail == "The schema is old: run the migrations. B is not reachable."


@pytest.mark.anyio
async def test_a_hanging_probe_is_not_ready_within_the_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(meta, "READINESS_TIMEOUT_SECONDS", 0.05)
    not_ready = await Meta({"Database": hangs}).check_readiness()
    assert isinstance(not_ready, NotReadyResponse)
    assert not_ready.body.detail == "Database is not reachable."
