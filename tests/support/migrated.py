"""The migrated databases the suite's fixtures share, by kind: a SQLite file, a PostgreSQL
database, or that PostgreSQL database reached through a transaction-pooling PgBouncer."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import pytest

from service.db.migrate import upgrade_to_head
from tests.support.databases import pooler_for, postgres_database
from tests.support.pgbouncer import pgbouncer_in_front

DatabaseKind = Literal["sqlite", "postgresql", "pgbouncer"]


@contextmanager
def migrated_database(
    kind: DatabaseKind, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A new database of `kind`, at the newest migration (migrated the way the service reaches
    it, through the PgBouncer for "pgbouncer"); its URL."""
    if kind == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('sqlite') / 'service.db'}"
        upgrade_to_head(url)
        yield url
        return
    with postgres_database() as direct_url:
        if kind == "postgresql":
            upgrade_to_head(direct_url)
            yield direct_url
            return
        with pgbouncer_in_front(direct_url) as pooled_url:
            upgrade_to_head(pooled_url, pooler=pooler_for(pooled_url))
            yield pooled_url
