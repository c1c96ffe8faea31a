"""The schema revision this code is written for, and whether a database is at it.

Checked without Alembic: importing it to find nothing to migrate would leave it in the
process for good (about 5 MiB of every worker's memory, measured under make bench).
"""

from typing import Final

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

# The newest migration in service/db/migrations/versions/; tests/db/test_migrations.py fails
# when one is added without this following it.
HEAD_REVISION: Final = "5f0c2a9e7d41"


async def is_at_head(engine: AsyncEngine) -> bool:
    """Whether the database's schema is at HEAD_REVISION (Alembic's version table says so)."""
    try:
        async with engine.connect() as connection:
            result = await connection.execute(text("SELECT version_num FROM alembic_version"))
            revisions = list(result.scalars())
    except DBAPIError:
        return False  # no version table: never migrated
    return revisions == [HEAD_REVISION]
