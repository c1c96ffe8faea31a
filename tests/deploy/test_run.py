"""`make run`, the development command, as a newcomer runs it: on a new database of either kind,
with no set-up step, the API works the same."""

from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy.engine import make_url

from tests.support.databases import postgres_database
from tests.support.processes import free_port, running_server, service_environment


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    else:
        with postgres_database() as url:
            # As the README's settings table writes it: a plain postgresql:// URL.
            yield make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def test_make_run_serves_a_new_database_with_no_set_up_step(
    new_database_url: str, tmp_path: Path
) -> None:
    env = service_environment(new_database_url, HOST="127.0.0.1", PORT=str(free_port()))
    with (
        running_server(["make", "run"], env, tmp_path / "run.log"),
        httpx.Client(base_url=f"http://127.0.0.1:{env['PORT']}", timeout=10) as http,
    ):
        user = {"username": "newcomer", "email": "new@example.com", "password": "password123"}
        assert http.post("/users/", json=user).status_code == 201
        token = http.post("/token", data={"username": "newcomer", "password": "password123"})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        created = http.post("/products/", json={"name": "Lamp", "price": 20}, headers=headers)
        assert created.status_code == 201
        assert http.get(created.headers["location"]).json() == created.json()
        assert http.get("/products/").json()["total"] == 1
