"""The production command for real: Gunicorn with Uvicorn workers, on PostgreSQL and SQLite.

These start real server processes on free ports of 127.0.0.1 and talk HTTP to them.
"""

import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.support.databases import postgres_database
from tests.support.processes import (
    GUNICORN,
    free_port,
    running_server,
    service_environment,
)

USER = {"username": "deployer", "email": "deployer@example.com", "password": "deploy-password"}


@pytest.fixture
def database_url() -> Iterator[str]:
    """A new, empty PostgreSQL database: the server's own start migrates it."""
    with postgres_database() as url:
        yield url


def environment(database_url: str, **variables: str) -> dict[str, str]:
    return service_environment(database_url, HOST="127.0.0.1", PORT=str(free_port()), **variables)


def base_url(env: dict[str, str]) -> str:
    return f"http://{env['HOST']}:{env['PORT']}"


def sign_in(http: httpx.Client, user: dict[str, str] = USER) -> dict[str, str]:
    assert http.post("/users/", json=user).status_code == 201
    token = http.post("/token", data={"username": user["username"], "password": user["password"]})
    assert token.status_code == 200
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def test_make_serve_with_two_workers_on_postgresql_end_to_end(
    database_url: str, tmp_path: Path
) -> None:
    env = environment(database_url, WEB_CONCURRENCY="2")
    with (
        running_server(["make", "serve"], env, tmp_path / "serve.log"),
        httpx.Client(base_url=base_url(env), timeout=10) as http,
    ):
        assert http.get("/readyz").json() == {"status": "ok"}
        headers = sign_in(http)
        created = http.post("/products/", json={"name": "Lamp", "price": 20}, headers=headers)
        assert created.status_code == 201
        path = created.headers["location"]
        patched = http.patch(path, json={"price": 25.5}, headers=headers)
        assert patched.json()["price"] == 25.5
        listed = http.get("/products/").json()
        assert [item["id"] for item in listed["items"]] == [created.json()["id"]]
        assert http.delete(path, headers=headers).status_code == 204
        assert http.get(path).status_code == 404
        assert http.get("/healthz").json() == {"status": "ok"}
    log = (tmp_path / "serve.log").read_text()
    assert log.count("Booting worker") == 2
    assert "database schema: at the latest migration" in log


def test_sigterm_lets_the_request_in_flight_finish(database_url: str, tmp_path: Path) -> None:
    # A deliberately slow password hash makes registration take a second or more.
    env = environment(
        database_url,
        WEB_CONCURRENCY="1",
        PASSWORD_HASH_TIME_COST="20",
        PASSWORD_HASH_MEMORY_KIB="65536",
    )
    log = tmp_path / "serve.log"
    with running_server(GUNICORN, env, log) as server:
        answers: list[tuple[int, float]] = []

        def register() -> None:
            with httpx.Client(base_url=base_url(env), timeout=30) as http:
                status = http.post("/users/", json=USER).status_code
                answers.append((status, time.monotonic()))

        in_flight = threading.Thread(target=register)
        in_flight.start()
        time.sleep(0.5)  # the request is being handled (hashing) when the signal comes
        signalled_at = time.monotonic()
        server.send_signal(signal.SIGTERM)
        in_flight.join(timeout=30)
        assert server.wait(timeout=30) == 0
    [(status, answered_at)] = answers
    assert status == 201
    assert answered_at > signalled_at  # it was still in flight when the signal came
    assert "Application shutdown complete" in log.read_text()  # the pool was closed


def test_two_instances_share_users_tokens_data_and_the_login_limit(
    database_url: str, tmp_path: Path
) -> None:
    shared = environment(
        database_url,
        WEB_CONCURRENCY="1",
        LOGIN_ATTEMPTS_PER_USERNAME="3",
        # The limiter's windows are aligned on the clock: with the default minute, attempts
        # that straddle a minute's end would be counted in two windows, and the last one
        # would not be refused. A day-long window is all but never crossed during a test.
        LOGIN_WINDOW_SECONDS=str(24 * 3600),
    )
    first = shared | {"PORT": str(free_port())}
    second = shared | {"PORT": str(free_port())}
    with (
        running_server(GUNICORN, first, tmp_path / "first.log"),
        running_server(GUNICORN, second, tmp_path / "second.log"),
        httpx.Client(base_url=base_url(first), timeout=10) as one,
        httpx.Client(base_url=base_url(second), timeout=10) as other,
    ):
        headers = sign_in(one)  # login attempt 1 (on the first instance)
        assert other.get("/users/me", headers=headers).json()["username"] == USER["username"]
        created = other.post("/products/", json={"name": "Desk", "price": 90}, headers=headers)
        assert one.get(created.headers["location"]).json() == created.json()
        wrong = {"username": USER["username"], "password": "wrong-password"}
        assert other.post("/token", data=wrong).status_code == 400  # attempt 2
        assert one.post("/token", data=wrong).status_code == 400  # attempt 3
        assert other.post("/token", data=wrong).status_code == 429  # over the shared limit


def test_several_workers_share_the_sqlite_default_under_concurrent_writes(
    tmp_path: Path,
) -> None:
    env = environment(f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}", WEB_CONCURRENCY="3")
    log = tmp_path / "serve.log"
    with (
        running_server(GUNICORN, env, log),
        httpx.Client(base_url=base_url(env), timeout=30) as http,
    ):
        headers = sign_in(http)

        def create(number: int) -> int:
            with httpx.Client(base_url=base_url(env), timeout=30) as client:
                body = {"name": f"P{number}", "price": number}
                return client.post("/products/", json=body, headers=headers).status_code

        with ThreadPoolExecutor(max_workers=12) as pool:
            statuses = list(pool.map(create, range(120)))
        assert statuses == [201] * 120
        assert http.get("/products/").json()["total"] == 120
    assert "locked" not in log.read_text()
