"""Prometheus metrics with METRICS_PORT, in-process: the exposition is served on its own port by
the app's lifespan, and each kind of request moves exactly its counters. Metrics are global to
the process, so each test compares them before and after its own requests."""

from collections.abc import Iterator
from contextlib import contextmanager

import httpx2 as httpx
import pytest
from prometheus_client import REGISTRY, generate_latest

from service.app import create_app
from service.db.database import create_database
from service.metrics import measure_pool
from service.settings import Settings
from tests.support.factories import PASSWORD
from tests.support.metrics import parse, scrape, total
from tests.support.processes import free_port
from tests.support.serving import make_settings, serving

pytestmark = pytest.mark.anyio


class Moved:
    """How far the metrics of a scrape URL moved during a `with` block: `moved(name, **labels)`."""

    def __init__(self, url: str) -> None:
        self._url = url

    @contextmanager
    def watching(self) -> Iterator["Moved"]:
        self._before = scrape(self._url)
        yield self
        self._after = scrape(self._url)

    def __call__(self, name: str, **labels: str) -> float:
        return total(self._after, name, **labels) - total(self._before, name, **labels)


async def test_a_burst_of_requests_moves_each_counter_by_exactly_its_requests(
    settings: Settings,
) -> None:
    port = free_port()
    app = create_app(
        make_settings(settings.database_url, metrics_port=port, login_attempts_per_username=2)
    )
    moved = Moved(f"http://127.0.0.1:{port}/metrics")
    async with serving(app) as client:
        with moved.watching():
            for _ in range(3):
                assert (await client.get("/")).status_code == 200
            assert (await client.get("/no/such/path")).status_code == 404
            assert (await client.get("/items/not-a-number")).status_code == 422
            user = {"username": "metered", "email": "metered@example.com", "password": PASSWORD}
            key = {"Idempotency-Key": '"5b0b1f3e-metrics"'}
            first = await client.post("/users/", json=user, headers=key)
            replayed = await client.post("/users/", json=user, headers=key)
            assert (first.status_code, replayed.status_code) == (201, 201)
            wrong = {"username": "metered", "password": "wrong-password"}
            statuses = [(await client.post("/token", data=wrong)).status_code for _ in range(3)]
            assert statuses == [400, 400, 429]

    assert moved("http_requests_total", operation="read_root", status="200") == 3
    assert moved("http_requests_total", operation="unmatched", status="404") == 1
    assert moved("http_requests_total", operation="read_item", status="422") == 1
    assert moved("http_requests_total", operation="create_user", status="201") == 2
    assert moved("http_requests_total", operation="login_for_access_token", status="400") == 2
    assert moved("http_requests_total", operation="login_for_access_token", status="429") == 1
    assert moved("http_requests_total") == 10
    assert moved("http_request_duration_seconds_count", operation="read_root") == 3
    assert moved("http_request_duration_seconds_count") == 10
    assert moved("http_request_duration_seconds_sum") > 0
    assert moved("login_rate_limited_total") == 1
    assert moved("idempotent_replays_total") == 1
    # Units of work that took a connection: both registrations (the replay looks its key up)
    # and the two wrong passwords (the user's lookup). The limiter counts in a transaction of
    # its own, and the other requests touch no database.
    assert moved("database_pool_wait_seconds_count") == 4
    assert moved("dependency_unavailable_responses_total") == 0


async def test_the_metrics_server_stops_with_the_app(settings: Settings) -> None:
    port = free_port()
    app = create_app(make_settings(settings.database_url, metrics_port=port))
    async with serving(app):
        assert total(scrape(f"http://127.0.0.1:{port}/metrics"), "http_requests_in_flight") == 0
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2)


async def test_503s_are_counted_by_the_dependency_that_is_down() -> None:
    port = free_port()
    # Nothing listens on port 1: connections to either are refused at once.
    settings = make_settings(
        "postgresql+asyncpg://postgres@127.0.0.1:1/none",
        redis_url="redis://127.0.0.1:1/0",
        metrics_port=port,
    )
    moved = Moved(f"http://127.0.0.1:{port}/metrics")
    async with serving(create_app(settings)) as client:
        with moved.watching():
            assert (await client.get("/products/1")).status_code == 503
            assert (await client.get("/products/2")).status_code == 503
            login = await client.post("/token", data={"username": "someone", "password": "x"})
            assert login.status_code == 503
    assert moved("dependency_unavailable_responses_total", dependency="database") == 2
    assert moved("dependency_unavailable_responses_total", dependency="redis") == 1
    assert moved("http_requests_total", status="503") == 3


async def test_the_pool_counts_connections_in_use(settings: Settings) -> None:
    database = create_database(settings)
    measure_pool(database)

    def in_use() -> float:
        return total(parse(generate_latest(REGISTRY).decode()), "database_pool_connections_in_use")

    before = in_use()
    try:
        async with database.unit_of_work() as unit, database.unit_of_work() as other:
            await unit.connection()
            assert in_use() == before + 1
            await other.connection()
            assert in_use() == before + 2
        assert in_use() == before
    finally:
        await database.dispose()


def test_without_metrics_port_no_metrics_middleware_is_installed(settings: Settings) -> None:
    app = create_app(settings)
    assert "RequestMetrics" not in [entry.cls.__name__ for entry in app.user_middleware]  # type: ignore[attr-defined]
