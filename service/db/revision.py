"""The schema revision this code is written for, and whether a database is at it.

Checked without Alembic: importing it to find nothing to migrate would leave it in the
process for good (about 5 MiB of every worker's memory, measured under make bench).
"""

from dataclasses import dataclass
from typing import Final

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncConnection

# Every migration in service/db/migrations/versions/, oldest first; tests/db/test_migrations.py
# fails when one is added without this following it.
REVISIONS: Final = ("9ccf4b72ddcd", "80673434f9cd", "5f0c2a9e7d41")
HEAD_REVISION: Final = REVISIONS[-1]

# What an operator runs to bring a database to HEAD_REVISION (`make migrate` runs it too).
MIGRATE_COMMAND: Final = "make migrate (python -m service.db.migrate)"

ALEMBIC_VERSION_TABLE: Final = "alembic_version"


class SchemaMismatchError(Exception):
    """The database's schema is not the one this code is written for; the message says where
    it is and what to do."""


@dataclass(frozen=True)
class SchemaMismatch:
    """A database's schema revisions (Alembic's version table) when they are not exactly
    HEAD_REVISION; as a string, a sentence for an operator: where it is, and what to run."""

    revisions: tuple[str, ...]

    @property
    def ahead(self) -> bool:
        """A revision this code does not know: a newer release migrated the database."""
        return any(revision not in REVISIONS for revision in self.revisions)

    def __str__(self) -> str:
        if not self.revisions:
            return (
                f"The database has no schema yet (this code needs revision {HEAD_REVISION}): "
                f"run {MIGRATE_COMMAND}."
            )
        if self.ahead:
            unknown = [revision for revision in self.revisions if revision not in REVISIONS]
            return (
                f"The database schema is at revision {', '.join(unknown)}, which this code "
                f"does not know: a newer release migrated it. Run that release, or downgrade "
                f"the schema to {HEAD_REVISION} with that release's migrations."
            )
        return (
            f"The database schema is at revision {', '.join(self.revisions)}, older than this "
            f"code's {HEAD_REVISION}: run {MIGRATE_COMMAND}."
        )


async def schema_mismatch(connection: AsyncConnection) -> SchemaMismatch | None:
    """None when the database behind `connection` is at HEAD_REVISION."""
    # Looked for before it is read: on PostgreSQL, a failed statement aborts the transaction.
    if not await connection.run_sync(lambda sync: inspect(sync).has_table(ALEMBIC_VERSION_TABLE)):
        return SchemaMismatch(())
    result = await connection.execute(text(f"SELECT version_num FROM {ALEMBIC_VERSION_TABLE}"))
    revisions = tuple(result.scalars())
    return None if revisions == (HEAD_REVISION,) else SchemaMismatch(revisions)


class SchemaGate:
    """Lets a process use its database only once the schema is at HEAD_REVISION.

    Until it has seen the schema there, `check` looks (two small queries) and raises
    SchemaMismatchError; from then on it costs nothing, so a process started before its database
    was migrated serves as soon as it is, without a restart.
    """

    def __init__(self) -> None:
        self.at_head = False

    async def check(self, connection: AsyncConnection) -> None:
        if self.at_head:
            return
        mismatch = await schema_mismatch(connection)
        if mismatch is not None:
            raise SchemaMismatchError(str(mismatch))
        self.at_head = True
