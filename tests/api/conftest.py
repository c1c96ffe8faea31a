"""The API tests run on each database, and on PostgreSQL through a transaction-pooling PgBouncer
(DATABASE_POOLER=transaction), the way managed poolers serve instances at scale."""

from collections.abc import Iterator

import pytest

from tests.support.migrated import migrated_database


@pytest.fixture(scope="session", params=["sqlite", "postgresql", "pgbouncer"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated database of each kind, shared by the API tests (emptied before each)."""
    with migrated_database(request.param, tmp_path_factory) as url:
        yield url
