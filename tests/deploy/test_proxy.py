"""Two instances of the production command behind a real nginx, configured by the sample
deploy/nginx/api.conf.template: client addresses, request ids, and a restart under load.

Every address is on the loopback network: nginx connects to the instances from PROXY, the
only address they trust X-Forwarded-For from (FORWARDED_ALLOW_IPS), and each client of a test
connects from an address of its own, so that the login limiter can tell them apart.
"""

import asyncio
import json
import re
import secrets
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import httpx2 as httpx
import pytest

from service.db.migrate import migrate
from tests.support.databases import fetch, postgres_database
from tests.support.factories import create_product, random_username, signed_in_user
from tests.support.nginx import running_nginx
from tests.support.processes import GUNICORN, free_port, running_server, service_environment

pytestmark = pytest.mark.anyio

PROXY: Final = "127.0.0.2"
CLIENT_A: Final = "127.0.0.3"
CLIENT_B: Final = "127.0.0.4"
FORGER: Final = "127.0.0.5"
DIRECT_CLIENT: Final = "127.0.0.6"
LOAD_CLIENT: Final = "127.0.0.7"
LOGIN_ATTEMPTS_PER_ADDRESS: Final = 3
GENERATED_REQUEST_ID: Final = re.compile(r"[0-9a-f]{32}")
# Generous: two cores are shared by several test runs; there, an instance took 17 to 33 s to
# start.
WAIT_SECONDS: Final = 90.0


class Instance:
    """One instance of the production command (two workers), which a test may stop and start
    again on the same port. Each start logs to a file of its own."""

    def __init__(self, name: str, environment: dict[str, str], folder: Path) -> None:
        self.name = name
        self.folder = folder
        self.environment = environment | {"HOST": "127.0.0.1", "PORT": str(free_port())}
        self.logs: list[Path] = []
        self._running = ExitStack()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.environment['PORT']}"

    def start(self) -> None:
        """Start, and return once /readyz answers 200."""
        log = self.folder / f"{self.name}-{len(self.logs) + 1}.log"
        self._running.enter_context(
            running_server(GUNICORN, self.environment, log, ready_timeout=WAIT_SECONDS)
        )
        self.logs.append(log)

    def stop(self) -> None:
        """SIGTERM (Gunicorn's graceful stop: requests in flight finish), and wait for the exit."""
        self._running.close()


@dataclass
class Deployment:
    proxy_url: str
    proxy_log: Path  # nginx's access log, in the sample's format (JSON lines)
    instances: list[Instance]
    database_url: str

    def proxy_lines(self) -> list[dict[str, Any]]:
        return json_lines(self.proxy_log)

    def request_lines(self) -> list[dict[str, Any]]:
        """Every instance's request log lines, parsed (the logs are JSON lines)."""
        lines = [
            line for instance in self.instances for log in instance.logs for line in json_lines(log)
        ]
        return [line for line in lines if line.get("event") == "request"]


def json_lines(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def served_requests(log: Path) -> int:
    """The requests an instance's log says it answered."""
    return sum(1 for line in json_lines(log) if line.get("event") == "request")


@pytest.fixture(scope="module")
def deployment(nginx: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """One deployment for the module's tests (an instance takes long to start: WAIT_SECONDS).
    The tests keep out of each other's way: each logs in from client
    addresses of its own, and the one that restarts an instance leaves it running."""
    folder = tmp_path_factory.mktemp("proxy")
    with postgres_database() as database_url, ExitStack() as running:
        # One environment, so one SECRET_KEY: a token from either instance works on both.
        shared = service_environment(
            database_url,
            WEB_CONCURRENCY="2",
            FORWARDED_ALLOW_IPS=PROXY,
            LOGIN_ATTEMPTS_PER_ADDRESS=str(LOGIN_ATTEMPTS_PER_ADDRESS),
            # Out of the way: each test's clients use usernames of their own anyway.
            LOGIN_ATTEMPTS_PER_USERNAME="1000",
            # The limiter's windows are aligned on the clock; a day-long one is all but never
            # crossed during a test.
            LOGIN_WINDOW_SECONDS=str(24 * 3600),
        )
        migrate(database_url)  # once, before two masters would each take the migration lock
        instances = [Instance(name, shared, folder) for name in ("first", "second")]
        for instance in instances:
            running.callback(instance.stop)
        with ThreadPoolExecutor() as starting:  # both at once: half the wait
            list(starting.map(Instance.start, instances))
        proxy_url = running.enter_context(
            running_nginx(
                [instance.address for instance in instances],
                folder / "nginx",
                port=free_port(),
                connect_from=PROXY,
            )
        )
        yield Deployment(proxy_url, folder / "nginx" / "access.log", instances, database_url)


@asynccontextmanager
async def client_at(source: str, base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose connections come from the loopback address `source`."""
    transport = httpx.AsyncHTTPTransport(local_address=source)
    async with httpx.AsyncClient(base_url=base_url, transport=transport, timeout=30) as http:
        yield http


async def log_in_attempt(http: httpx.AsyncClient, **headers: str) -> httpx.Response:
    """A login with a username nobody has: 400 invalid_grant, unless the limiter refuses."""
    credentials = {"username": random_username(), "password": "not-the-password"}
    return await http.post("/token", data=credentials, headers=headers)


def assert_refused_by_the_limiter(response: httpx.Response) -> None:
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    retry_after = int(response.headers["retry-after"])
    assert problem["status"] == 429
    assert problem["detail"] == f"Too many login attempts; retry in {retry_after} seconds"


def assert_invalid_grant(response: httpx.Response) -> None:
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


async def test_the_login_limit_counts_each_client_behind_the_proxy(
    deployment: Deployment,
) -> None:
    async with (
        client_at(CLIENT_A, deployment.proxy_url) as client_a,
        client_at(CLIENT_B, deployment.proxy_url) as client_b,
    ):
        for _ in range(LOGIN_ATTEMPTS_PER_ADDRESS):
            assert_invalid_grant(await log_in_attempt(client_a))
        assert_refused_by_the_limiter(await log_in_attempt(client_a))
        # Both come from nginx's address; the instances tell them apart by X-Forwarded-For.
        assert_invalid_grant(await log_in_attempt(client_b))


async def test_a_forged_forwarded_for_through_the_proxy_is_replaced(
    deployment: Deployment,
) -> None:
    async with client_at(FORGER, deployment.proxy_url) as forger:
        for attempt in range(LOGIN_ATTEMPTS_PER_ADDRESS):
            forged = f"203.0.113.{attempt + 1}"
            assert_invalid_grant(await log_in_attempt(forger, **{"X-Forwarded-For": forged}))
        # Counted as itself each time, so its own address is now over the limit.
        assert_refused_by_the_limiter(
            await log_in_attempt(forger, **{"X-Forwarded-For": "203.0.113.99"})
        )


async def test_a_forged_forwarded_for_sent_straight_to_an_instance_is_ignored(
    deployment: Deployment,
) -> None:
    instance_url = f"http://{deployment.instances[1].address}"
    async with client_at(DIRECT_CLIENT, instance_url) as direct:
        for attempt in range(LOGIN_ATTEMPTS_PER_ADDRESS):
            forged = f"198.51.100.{attempt + 1}, {PROXY}"
            assert_invalid_grant(await log_in_attempt(direct, **{"X-Forwarded-For": forged}))
        assert_refused_by_the_limiter(
            await log_in_attempt(direct, **{"X-Forwarded-For": "198.51.100.99"})
        )


async def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Poll `condition` until it holds (failing after WAIT_SECONDS)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {WAIT_SECONDS:.0f} s: {what}")
        await asyncio.sleep(0.05)


def logged_with_id(deployment: Deployment, request_id: str) -> list[dict[str, Any]]:
    return [line for line in deployment.request_lines() if line["request_id"] == request_id]


async def test_request_ids_pass_through_the_proxy_to_the_instances_logs(
    deployment: Deployment,
) -> None:
    client_id = f"trace-{secrets.token_hex(4)}.span:1"
    async with client_at(CLIENT_A, deployment.proxy_url) as http:
        kept = await http.get("/products/", headers={"X-Request-ID": client_id})
        generated = await http.get("/products/")
        replaced = await http.get("/products/", headers={"X-Request-ID": "not an id"})
    assert [kept.status_code, generated.status_code, replaced.status_code] == [200] * 3
    assert kept.headers["x-request-id"] == client_id
    for response in (generated, replaced):
        assert GENERATED_REQUEST_ID.fullmatch(response.headers["x-request-id"])
    assert generated.headers["x-request-id"] != replaced.headers["x-request-id"]
    # Each id names exactly one request line, on whichever instance answered it, and the
    # line of nginx's access log.
    for response in (kept, generated, replaced):
        line = await logged_request(deployment, response.headers["x-request-id"])
        assert (line["method"], line["path"], line["status"]) == ("GET", "/products/", 200)


async def logged_request(deployment: Deployment, request_id: str) -> dict[str, Any]:
    """The one request line of `request_id` in the instances' logs, once it is written there
    and in nginx's access log (both are written after the response is sent)."""

    def in_both_logs() -> bool:
        in_proxy_log = any(line["request_id"] == request_id for line in deployment.proxy_lines())
        return in_proxy_log and bool(logged_with_id(deployment, request_id))

    await wait_for(in_both_logs, f"request {request_id} logged by nginx and an instance")
    [line] = logged_with_id(deployment, request_id)
    return line


async def test_a_body_over_the_services_limit_gets_the_services_413_through_the_proxy(
    deployment: Deployment,
) -> None:
    body = b'{"name": "' + b"x" * (3 * 1024 * 1024 // 2) + b'", "price": 1}'  # 1.5 MiB
    async with client_at(CLIENT_A, deployment.proxy_url) as http:
        response = await http.post(
            "/products/", content=body, headers={"Content-Type": "application/json"}
        )
    # The service's problem+json, not nginx's HTML page: nginx's own limit is higher.
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 413


@dataclass
class LoadRecord:
    """What the clients of the load saw."""

    user_id: int = 0  # the user the clients create as
    product_name: str = ""  # the product they read
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    acknowledged_keys: list[str] = field(default_factory=list)
    # Why a create was sent again with its key: a status, or a connection error.
    create_retries: Counter[str] = field(default_factory=Counter)

    @property
    def answered(self) -> int:
        return sum(self.statuses.values())


PAUSE_BETWEEN_ROUNDS_SECONDS: Final = 0.2

# The answers to a create that the contract says to retry with the same key: 409 (the key's
# first request is still running), 503 (the database is unavailable), and nginx's own 502/504.
RETRY_CREATE_ON: Final = {409, 502, 503, 504}


async def create_with_key(
    http: httpx.AsyncClient, headers: dict[str, str], record: LoadRecord
) -> None:
    """A create with a new key, retried with the same key until it is acknowledged."""
    key = str(uuid.uuid4())
    keyed = headers | {"Idempotency-Key": f'"{key}"'}
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            response = await http.post("/products/", json={"name": key, "price": 1}, headers=keyed)
        except httpx.TransportError as error:
            retry_reason = type(error).__name__
        else:
            record.statuses["POST /products/", response.status_code] += 1
            if response.status_code not in RETRY_CREATE_ON:
                break
            retry_reason = str(response.status_code)
        record.create_retries[retry_reason] += 1
        assert time.monotonic() < deadline, f"create {key} still refused ({retry_reason})"
        await asyncio.sleep(0.05)
    assert response.status_code == 201, response.text
    assert response.json()["name"] == key
    record.acknowledged_keys.append(key)


async def client_loop(
    http: httpx.AsyncClient,
    headers: dict[str, str],
    product_path: str,
    record: LoadRecord,
    stop: asyncio.Event,
) -> None:
    """Reads of a product and of the list, and keyed creates, in turn, until `stop`.

    Paced, so that the load leaves the shared cores enough to restart an instance."""
    while not stop.is_set():
        for path in (product_path, "/products/?limit=5"):
            response = await http.get(path)
            record.statuses["GET " + path, response.status_code] += 1
        await create_with_key(http, headers, record)
        await asyncio.sleep(PAUSE_BETWEEN_ROUNDS_SECONDS)


async def under_load(
    deployment: Deployment, record: LoadRecord, operate: Callable[[], Awaitable[None]]
) -> None:
    """Four clients of the proxy in loops while `operate()` runs, then stopped."""
    stop = asyncio.Event()
    async with client_at(LOAD_CLIENT, deployment.proxy_url) as http:
        user, headers = await signed_in_user(http)
        product = await create_product(http, headers)
        record.user_id, record.product_name = user["id"], product["name"]
        loops = [
            client_loop(http, headers, f"/products/{product['id']}", record, stop) for _ in range(4)
        ]
        tasks = [asyncio.create_task(loop) for loop in loops]
        try:
            await operate()
        finally:
            stop.set()
            await asyncio.gather(*tasks)


async def test_restarting_one_instance_under_load_loses_no_request(
    deployment: Deployment,
) -> None:
    record = LoadRecord()
    restarted = deployment.instances[0]

    async def restart_while_answered() -> None:
        await wait_for(lambda: record.answered >= 40, "the load answered")
        await asyncio.to_thread(restarted.stop)
        answered_before_stop = record.answered
        await wait_for(
            lambda: record.answered >= answered_before_stop + 40, "answers while one is down"
        )
        await asyncio.to_thread(restarted.start)
        await wait_for(
            lambda: served_requests(restarted.logs[-1]) >= 20, "the restarted one serves again"
        )

    await under_load(deployment, record, restart_while_answered)

    statuses = dict(record.statuses)
    load_lines = [line for line in deployment.proxy_lines() if line["client"] == LOAD_CLIENT]
    sent_on = [line["upstream_status"] for line in load_lines if ", " in line["upstream"]]
    print("answers:", statuses, "create retries:", dict(record.create_retries))
    print("sent on by nginx:", Counter(sent_on))
    # Every read was answered 200: nginx sent the ones the stopped instance could not take to
    # the other.
    assert {status for (request, status) in statuses if request.startswith("GET ")} == {200}
    # Every create was acknowledged (201) in the end, and stored exactly once.
    rows = await fetch(
        deployment.database_url,
        "SELECT name FROM products WHERE owner_id = :owner",
        owner=record.user_id,
    )
    stored = Counter(name for (name,) in rows)
    assert stored == Counter(record.acknowledged_keys) + Counter([record.product_name])
    assert len(record.acknowledged_keys) >= 20
    # nginx did meet the stopped instance, and sent the request on to the other: access log
    # lines with two upstream attempts.
    assert sent_on
