"""Creating the service's database engines: one place that knows how to connect, directly or
through a transaction-pooling PgBouncer.

A transaction pooler (PgBouncer's `pool_mode = transaction`, the mode managed poolers use) lends
each client a server connection for one transaction only; the next transaction may run on
another. Anything kept on a server connection between transactions is then lost or, worse,
met by another client. asyncpg names its prepared statements `__asyncpg_stmt_1__`, `_2__`... per
client connection, and caches them (as does SQLAlchemy's dialect) for reuse in later
transactions: behind such a pooler two clients create the same name on one server ("prepared
statement ... already exists"), and a cached statement is looked for on a server that never
saw it. Under DATABASE_POOLER=transaction both caches are off and every statement gets a unique
name, as SQLAlchemy's asyncpg documentation describes: a statement is prepared and used in one
transaction, on one server. asyncpg closes each one after use, so they do not pile up on the
servers (measured behind PgBouncer 1.18 with one server connection: 3 statements left on it
after 300 requests, and after 3,300).

The rest of the service already holds no session state between transactions: migrations take
their advisory lock per transaction (`pg_advisory_xact_lock`), the idempotency keys' lock
timeout is `SET LOCAL`. Read-only units of work run in autocommit on a direct connection
(service.db.database), which a transaction pooler cannot serve (a statement prepared in one
implicit transaction is executed in the next), so behind one they run in transactions.
"""

import uuid
from typing import Any, Final

from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from service.settings import Pooler


def _unique_statement_name() -> str:
    return f"__asyncpg_{uuid.uuid4().hex}__"


# asyncpg's arguments (statement_cache_size) and SQLAlchemy's dialect's (the other two).
_TRANSACTION_POOLER_CONNECT_ARGS: Final[dict[str, Any]] = {
    "statement_cache_size": 0,
    "prepared_statement_cache_size": 0,
    "prepared_statement_name_func": _unique_statement_name,
}


def transaction_pooled(url: str | URL, pooler: Pooler) -> bool:
    """Whether connections to `url` go through a transaction pooler (PostgreSQL only)."""
    return pooler == "transaction" and make_url(url).get_backend_name() == "postgresql"


def create_engine(url: str | URL, *, pooler: Pooler, **options: Any) -> AsyncEngine:
    """An async engine on `url` (`options` as create_async_engine takes them), with the driver
    options a transaction pooler needs when `pooler` says there is one."""
    if transaction_pooled(url, pooler):
        connect_args = options.get("connect_args", {})
        options["connect_args"] = {**connect_args, **_TRANSACTION_POOLER_CONNECT_ARGS}
    return create_async_engine(url, **options)
