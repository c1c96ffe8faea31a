"""PostgreSQL outages: requests that need the database get a quick 503, /readyz says so, and
the service recovers by itself when the database is back (no restart)."""

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import pytest
from httpx2 import AsyncClient, Response
from sqlalchemy.engine import make_url

from service.app import create_app
from service.db.migrate import upgrade_to_head
from tests.support.databases import postgres_database
from tests.support.factories import create_product, signed_in_user
from tests.support.proxy import TcpProxy
from tests.support.serving import make_settings, serving

pytestmark = pytest.mark.anyio

TIMEOUT_SECONDS = 1.0
# A 503 must come within the database timeout, plus room for a slow machine.
QUICK_SECONDS = TIMEOUT_SECONDS * 3


@pytest.fixture(scope="module")
def outage_database_url() -> Iterator[str]:
    with postgres_database() as url:
        upgrade_to_head(url)
        yield url


@pytest.fixture
async def proxy(outage_database_url: str) -> AsyncIterator[TcpProxy]:
    target = make_url(outage_database_url)
    tcp_proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5432)
    await tcp_proxy.start()
    yield tcp_proxy
    await tcp_proxy.refuse()


@pytest.fixture
async def client(outage_database_url: str, proxy: TcpProxy) -> AsyncIterator[AsyncClient]:
    through_proxy = make_url(outage_database_url).set(host="127.0.0.1", port=proxy.port)
    settings = make_settings(
        through_proxy.render_as_string(hide_password=False),
        database_timeout_seconds=TIMEOUT_SECONDS,
    )
    async with serving(create_app(settings)) as http:
        yield http


async def timed(request: Awaitable[Response]) -> tuple[Response, float]:
    started = time.monotonic()
    response = await request
    return response, time.monotonic() - started


def assert_unavailable(response: Response, seconds: float) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "5"
    assert response.headers["content-type"] == "application/problem+json"
    assert seconds < QUICK_SECONDS


@pytest.mark.parametrize("outage", ["refused", "silent"])
async def test_an_outage_is_503_and_the_service_recovers_by_itself(
    client: AsyncClient, proxy: TcpProxy, outage: str
) -> None:
    _, headers = await signed_in_user(client)
    product = await create_product(client, headers)
    path = f"/products/{product['id']}"

    if outage == "refused":
        await proxy.refuse()
    else:
        proxy.go_silent()
    product_body = {"name": "x", "price": 1}
    user_body = {"username": "newcomer", "email": "n@example.com", "password": "password123"}
    # Every operation that needs the database, one request each.
    requests: dict[str, Callable[[], Awaitable[Response]]] = {
        "register": lambda: client.post("/users/", json=user_body),
        "log in": lambda: client.post(
            "/token", data={"username": "newcomer", "password": "password123"}
        ),
        "me": lambda: client.get("/users/me", headers=headers),
        "user": lambda: client.get("/users/1", headers=headers),
        "list": lambda: client.get("/products/"),
        "create": lambda: client.post("/products/", json=product_body, headers=headers),
        "read": lambda: client.get(path),
        "replace": lambda: client.put(path, json=product_body, headers=headers),
        "update": lambda: client.patch(path, json=product_body, headers=headers),
        "delete": lambda: client.delete(path, headers=headers),
    }
    for send in requests.values():
        assert_unavailable(*await timed(send()))
    readiness, seconds = await timed(client.get("/readyz"))
    assert readiness.status_code == 503
    assert seconds < QUICK_SECONDS
    assert (await client.get("/healthz")).status_code == 200

    await proxy.restore()
    assert (await client.get(path)).json() == product
    assert (await client.get("/readyz")).status_code == 200
    await create_product(client, headers)


async def test_a_database_restart_while_idle_is_invisible_to_clients(
    client: AsyncClient, proxy: TcpProxy
) -> None:
    """Pooled connections the restart killed are tested on checkout (pool_pre_ping) and
    replaced, so the first request afterwards succeeds instead of failing once."""
    _, headers = await signed_in_user(client)
    product = await create_product(client, headers)
    await proxy.refuse()
    await proxy.restore()
    assert (await client.get(f"/products/{product['id']}")).json() == product
