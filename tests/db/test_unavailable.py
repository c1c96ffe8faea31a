"""Which errors mean "the database is unavailable" (503), for every PostgreSQL error class that
says "not now": as SQLAlchemy wraps them on a statement, and as asyncpg raises them on connect."""

import asyncpg
import pytest
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_dbapi
from sqlalchemy.exc import DBAPIError

from service.db.database import UNAVAILABLE_SQLSTATE_CLASSES, is_database_unavailable


def postgres_errors() -> list[type[asyncpg.PostgresError]]:
    """Every error class asyncpg defines for a PostgreSQL SQLSTATE."""
    found: list[type[asyncpg.PostgresError]] = []
    pending = [asyncpg.PostgresError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return [cls for cls in found if getattr(cls, "sqlstate", None)]


NOT_NOW = [c for c in postgres_errors() if c.sqlstate[:2] in UNAVAILABLE_SQLSTATE_CLASSES]
QUERY_FAULTS = [
    asyncpg.UniqueViolationError,
    asyncpg.UndefinedTableError,
    asyncpg.DataError,
    asyncpg.LockNotAvailableError,  # a bounded lock wait: answered as 409 by its caller
]


def as_sqlalchemy_wraps_it(error: asyncpg.PostgresError) -> DBAPIError:
    """What a statement raises: the adapter's DBAPI error, wrapped by SQLAlchemy."""
    adapted = AsyncAdapt_asyncpg_dbapi.Error(str(error), error)  # type: ignore[no-untyped-call]
    wrapped = DBAPIError.instance("SELECT 1", None, adapted, AsyncAdapt_asyncpg_dbapi.Error)
    assert isinstance(wrapped, DBAPIError)
    return wrapped


def test_every_class_is_known_to_asyncpg() -> None:
    # Among them the two a restart brings (tests/db/test_restart.py).
    names = {cls.__name__ for cls in NOT_NOW}
    assert {"AdminShutdownError", "CannotConnectNowError", "CrashShutdownError"} <= names
    assert {cls.sqlstate[:2] for cls in NOT_NOW} == UNAVAILABLE_SQLSTATE_CLASSES


@pytest.mark.parametrize("error_class", NOT_NOW, ids=lambda cls: cls.sqlstate)
def test_a_database_saying_not_now_is_unavailable(
    error_class: type[asyncpg.PostgresError],
) -> None:
    error = error_class("the database system is shutting down")
    assert is_database_unavailable(error)  # as asyncpg raises it when connecting
    assert is_database_unavailable(as_sqlalchemy_wraps_it(error))  # on a statement


@pytest.mark.parametrize("error_class", QUERY_FAULTS, ids=lambda cls: cls.sqlstate)
def test_a_faulty_query_is_not(error_class: type[asyncpg.PostgresError]) -> None:
    error = error_class("no")
    assert not is_database_unavailable(error)
    assert not is_database_unavailable(as_sqlalchemy_wraps_it(error))


def test_other_errors_are_not() -> None:
    assert not is_database_unavailable(ValueError("not editable: category"))
