"""Two instances of the production command (Gunicorn, two workers each) behind one PgBouncer in
transaction pooling mode, with DATABASE_POOLER=transaction: they migrate a new database at the
same moment through it, then serve concurrent writes and reads of each other's rows, with no
error. PgBouncer's server pool is smaller than their clients (tests.support.pgbouncer), so
statements of different workers and instances meet on the same server connections.
"""

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import httpx2 as httpx
import pytest

from service.db.migrate import read_schema_mismatch
from tests.support.databases import count_rows, postgres_database
from tests.support.factories import signed_in_user
from tests.support.pgbouncer import instances_behind_pgbouncer

pytestmark = pytest.mark.anyio

CLIENTS: Final = 12
ROUNDS: Final = 15


@pytest.fixture
def database_url() -> Iterator[str]:
    """A new, unmigrated PostgreSQL database, reached directly (to check behind the service)."""
    with postgres_database() as url:
        yield url


@pytest.fixture
def instances(database_url: str, tmp_path: Path) -> Iterator[list[str]]:
    """Two instances started at once on the database through one PgBouncer: both masters
    migrate, one at a time (the advisory transaction lock), before serving."""
    with instances_behind_pgbouncer(database_url, tmp_path) as base_urls:
        yield base_urls


async def test_two_instances_share_a_transaction_pooler_without_an_error(
    database_url: str, instances: list[str]
) -> None:
    assert await read_schema_mismatch(database_url) is None
    async with httpx.AsyncClient(timeout=30) as http:
        first = httpx.AsyncClient(base_url=instances[0], timeout=30)
        async with first:
            _, headers = await signed_in_user(first)

        async def client(number: int) -> None:
            for round_ in range(ROUNDS):
                # Written on one instance, read, listed and changed on the other.
                here, there = instances[(number + round_) % 2], instances[(number + round_ + 1) % 2]
                body = {"name": f"client {number}", "price": round_}
                created = await http.post(f"{here}/products/", json=body, headers=headers)
                assert created.status_code == 201, created.text
                product = created.json()
                read = await http.get(f"{there}/products/{product['id']}")
                listed = await http.get(f"{there}/products/", params={"limit": 5})
                changed = await http.patch(
                    f"{there}/products/{product['id']}", json={"price": round_ + 1}, headers=headers
                )
                answers = [read, listed, changed]
                assert [a.status_code for a in answers] == [200, 200, 200], [
                    a.text for a in answers
                ]
                assert read.json() == product
                assert listed.json()["total"] >= 1
                assert changed.json()["price"] == round_ + 1

        async with asyncio.timeout(120):
            await asyncio.gather(*(client(number) for number in range(CLIENTS)))

    assert await count_rows(database_url, "products") == CLIENTS * ROUNDS
