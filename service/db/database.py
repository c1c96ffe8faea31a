"""The engine, and units of work: one transaction each, the current one found by context.

A unit of work's transaction begins on its first statement (a request that never touches the
database never takes a connection) and is rolled back unless committed, so nothing is ever
half-written. Repositories ask `Database.connection()` for the current unit's connection;
`service.db.middleware` gives each HTTP request its own unit.

A read-only unit (a GET) runs its statements without BEGIN and COMMIT: each one already sees a
consistent snapshot, and on PostgreSQL the two statements cost two of a read's three round
trips. Read-only is the caller's promise; nothing it does is committed.
"""

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar, Token
from typing import Any, Final

from sqlalchemy import Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from service.db import sqlite_dialect
from service.db.engine import create_engine, transaction_pooled
from service.db.revision import SchemaGate, SchemaMismatchError, schema_mismatch
from service.settings import Settings
from specfirst.runtime.problems import Unavailable

logger = logging.getLogger(__name__)


class UnitOfWork:
    """One transaction on one connection, begun lazily and finished exactly once."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        read_only: bool,
        schema: SchemaGate,
        observe_connection_wait: Callable[[float], None] | None = None,
    ) -> None:
        self._engine = engine
        self._read_only = read_only
        self._schema = schema
        self._observe_connection_wait = observe_connection_wait
        self._connection: AsyncConnection | None = None
        self._token: Token[UnitOfWork | None] | None = None

    async def __aenter__(self) -> "UnitOfWork":
        """Become the current unit: the one `Database.connection()` answers with."""
        self._token = _current_unit.set(self)
        return self

    async def __aexit__(self, *_exception: object) -> None:
        if self._token is not None:
            _current_unit.reset(self._token)
        await self.close()

    async def connection(self) -> AsyncConnection:
        if self._connection is None:
            # The transaction begins with the first statement (SQLAlchemy's autobegin).
            if self._observe_connection_wait is None:
                self._connection = await self._engine.connect()
            else:
                # Timed whether it ends with a connection or not: a wait that ends in the
                # pool's timeout (a 503) is the one an operator needs to see most.
                started = time.perf_counter()
                try:
                    self._connection = await self._engine.connect()
                finally:
                    self._observe_connection_wait(time.perf_counter() - started)
            if not self._schema.at_head:  # tested here: no coroutine per request once it is
                await self._schema.check(self._connection)
        return self._connection

    async def commit(self) -> None:
        """Commit what was done and return the connection to the pool."""
        if self._connection is not None and not self._read_only:
            await self._connection.commit()
        await self.close()

    async def close(self) -> None:
        """Roll back whatever was not committed and return the connection to the pool."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            await connection.close()
        except Exception as error:
            # A connection the database dropped cannot roll back; the pool discards it.
            if not is_database_unavailable(error):
                raise


def is_database_unavailable(error: Exception) -> bool:
    """Whether `error` means the database is down or not answering, rather than a faulty query.

    Connecting raises OSError (refused, reset, unreachable) or TimeoutError (an OSError too);
    the pool raises its own TimeoutError when every connection stays busy; a connection lost
    mid-statement and SQLite's "database is locked" (after the busy timeout) come as the
    driver's errors, wrapped by SQLAlchemy. PostgreSQL says it is stopping, starting or out of
    resources with an SQLSTATE (UNAVAILABLE_SQLSTATE_CLASSES): in SQLAlchemy's generic
    DBAPIError on a statement, and as asyncpg's own exception, unwrapped, on connecting.
    """
    if isinstance(error, OSError | PoolTimeoutError):
        return True
    if isinstance(error, DBAPIError) and (
        error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)
    ):
        return True
    return sqlstate(error)[:2] in UNAVAILABLE_SQLSTATE_CLASSES


def describe_database_unavailable(error: Exception) -> Unavailable | None:
    """What a client is told (a 503) when `error` means the database cannot serve requests:
    down, or not at the schema this code needs. None for any other error."""
    if isinstance(error, SchemaMismatchError):
        return Unavailable(str(error))
    if is_database_unavailable(error):
        return Unavailable("The service cannot reach its database right now; retry later.")
    return None


# PostgreSQL's SQLSTATE classes (Appendix A of its manual) that mean "not now" rather than "not
# this query": 08 connection exception; 53 insufficient resources (too many connections, out
# of memory, disk full); 57 operator intervention (admin_shutdown 57P01 and crash_shutdown
# 57P02 while it stops, cannot_connect_now 57P03 while it starts, query_canceled 57014,
# database_dropped 57P04, idle_session_timeout 57P05).
UNAVAILABLE_SQLSTATE_CLASSES: Final = frozenset({"08", "53", "57"})


def sqlstate(error: Exception) -> str:
    """The SQLSTATE of a PostgreSQL error, wrapped by SQLAlchemy or not; "" for other errors."""
    driver_error = error.orig if isinstance(error, DBAPIError) else error
    return str(getattr(driver_error, "sqlstate", None) or "")


_current_unit: ContextVar[UnitOfWork | None] = ContextVar("current_unit_of_work", default=None)


class Database:
    """The service's database: its engine and the unit of work of the running request."""

    def __init__(self, engine: AsyncEngine, *, autocommit_reads: bool) -> None:
        self.engine = engine
        # No statement runs on a schema other than the one the code is written for: it would
        # fail (a missing table) or, worse, half-succeed.
        self.schema = SchemaGate()
        # Read-only units on PostgreSQL run in autocommit: asyncpg then sends no BEGIN and no
        # COMMIT. The option is applied as the pool hands a connection out (no extra step per
        # unit) and undone as it takes it back. SQLite's driver never begins before a write; a
        # transaction pooler needs transactions (service.db.engine).
        self._read_only_engine = (
            engine.execution_options(isolation_level="AUTOCOMMIT") if autocommit_reads else engine
        )
        self._observe_connection_wait: Callable[[float], None] | None = None

    def observe_connection_wait(self, observe: Callable[[float], None]) -> None:
        """From now on, give `observe` how long each unit of work waited for its connection, in
        seconds (service.metrics). Unset, nothing is timed."""
        self._observe_connection_wait = observe

    def unit_of_work(self, *, read_only: bool = False) -> UnitOfWork:
        """`async with` it to run the enclosed code in one transaction; it is rolled back
        unless committed. A read-only unit (nothing it does is committed) is cheaper."""
        engine = self._read_only_engine if read_only else self.engine
        return UnitOfWork(
            engine,
            read_only=read_only,
            schema=self.schema,
            observe_connection_wait=self._observe_connection_wait,
        )

    async def connection(self) -> AsyncConnection:
        """The connection of the current unit of work (for a request: the request's)."""
        unit = _current_unit.get()
        if unit is None:
            raise RuntimeError("database access outside a unit of work")
        return await unit.connection()

    @asynccontextmanager
    async def separate_transaction(self) -> AsyncIterator[AsyncConnection]:
        """A transaction of its own, beside the current unit of work: committed when the block
        ends without an error, whatever becomes of the request's."""
        async with self.engine.begin() as connection:
            await self.schema.check(connection)
            yield connection

    async def schema_mismatch(self) -> str | None:
        """None when the database answers and its schema is the code's; otherwise why not, for
        an operator (service.db.revision). Raises when the database does not answer."""
        async with self.engine.connect() as connection:
            mismatch = await schema_mismatch(connection)
        return None if mismatch is None else str(mismatch)

    async def check_schema_at_start(self) -> None:
        """Look at the schema once at start, and say in the log when the process cannot serve:
        the schema is not the code's, or the database does not answer (yet)."""
        try:
            async with self.engine.connect() as connection:
                await self.schema.check(connection)
        except SchemaMismatchError as mismatch:
            logger.error("database schema: %s Until then this process is not ready.", mismatch)
        except Exception as error:
            if not is_database_unavailable(error):
                raise
            logger.warning("database: not reachable at start (%r); not ready until it is", error)

    async def dispose(self) -> None:
        await self.engine.dispose()


def upsert_insert(engine: AsyncEngine) -> Callable[[Table], postgresql.Insert | sqlite.Insert]:
    """The engine's dialect's INSERT construct, the one with ON CONFLICT clauses (PostgreSQL's
    and SQLite's take the same arguments)."""
    return postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert


def create_database(settings: Settings) -> Database:
    timeout = settings.database_timeout_seconds
    options: dict[str, Any] = {
        "pool_size": settings.database_pool_size,
        # No overflow: a connection opened past the pool is closed again after one request, so
        # under load every request beyond the pool would pay a new connection (measured with
        # `make bench`). Requests wait for a pooled one instead, up to the timeout, then 503.
        "max_overflow": 0,
        "pool_timeout": timeout,
    }
    if settings.is_sqlite:
        # sqlite3's timeout is its busy timeout: how long a writer waits for another's lock.
        options["connect_args"] = {"timeout": timeout}
    else:
        options["connect_args"] = {"timeout": timeout, "command_timeout": timeout}
    url = settings.database
    if settings.is_sqlite:
        url = url.set(drivername=sqlite_dialect.DRIVER_NAME)
    engine = create_engine(url, pooler=settings.database_pooler, **options)
    if settings.is_sqlite:
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
    else:
        event.listen(engine.sync_engine, "checkout", _discard_if_closed)
    autocommit_reads = not settings.is_sqlite and not transaction_pooled(
        url, settings.database_pooler
    )
    return Database(engine, autocommit_reads=autocommit_reads)


def _discard_if_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    # A pooled connection the server closed (a restart, a failover) is replaced on checkout, so
    # the next request does not fail once on it. asyncpg notices the closed socket without a
    # round trip; pool_pre_ping would send a query before every request instead.
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the server closed this pooled connection")


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # The driver (sqlite3, in its default mode) opens the transaction at the first write, not
    # at BEGIN: reads before it see the latest commit, and a write waits for another
    # connection's lock (up to the busy timeout) instead of failing on a stale snapshot.
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer and several processes can share the file;
    # synchronous=NORMAL is durable in WAL mode except for the last commits on power loss.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
