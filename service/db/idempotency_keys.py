"""Data access for idempotency keys: claiming a key in the request's transaction, and what an
earlier request stored under it.

A key is claimed by inserting its row. A second request with the same key blocks on that
insert until the first request's transaction ends (PostgreSQL waits on the key's unique
index entry; SQLite on its single writer lock): if the first committed, the second finds its
row and response; if it rolled back, the second claims the key itself. On PostgreSQL the wait
is bounded (`wait_seconds`), after which the key is reported in use; SQLite's busy timeout
ends it as any other write waiting for the lock (the database is unavailable).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, delete, select, text, update
from sqlalchemy.exc import DBAPIError

from service.db.database import Database, sqlstate, upsert_insert
from service.db.tables import idempotency_keys


class StoredResponse(NamedTuple):
    """What the request that first used a key stored: its fingerprint and its response."""

    fingerprint: str
    response: str


@dataclass(frozen=True)
class KeyInUse:
    """The key is held, but no response is stored under it (yet)."""


_MATCH = (
    idempotency_keys.c.caller == bindparam("match_caller"),
    idempotency_keys.c.key == bindparam("match_key"),
)
_STORED = select(idempotency_keys.c.fingerprint, idempotency_keys.c.response).where(*_MATCH)
_REMEMBER = update(idempotency_keys).where(*_MATCH)
_FORGET_EXPIRED = delete(idempotency_keys).where(
    idempotency_keys.c.created_at < bindparam("expired_before")
)
# PostgreSQL's error for a lock not granted within lock_timeout.
_LOCK_NOT_AVAILABLE = "55P03"


class IdempotencyKeys:
    def __init__(self, database: Database, *, wait_seconds: float) -> None:
        self._database = database
        self._is_postgresql = database.engine.dialect.name == "postgresql"
        # SET LOCAL lasts until the transaction ends. What follows the claim (the creation)
        # waits on no lock that another request holds for long, so in effect this bounds only
        # the wait for the key.
        self._bound_lock_waits = text(f"SET LOCAL lock_timeout = {round(wait_seconds * 1000)}")
        self._claim = (
            upsert_insert(database.engine)(idempotency_keys)
            .on_conflict_do_nothing(
                index_elements=[idempotency_keys.c.caller, idempotency_keys.c.key]
            )
            .returning(idempotency_keys.c.key)
        )

    async def claim(
        self, *, caller: str, key: str, fingerprint: str, now: datetime, expired_before: datetime
    ) -> StoredResponse | KeyInUse | None:
        """Claim `key` for the running request: None when it is now this request's (in the
        request's transaction, so it is released if the request fails). Otherwise what the
        request that holds it stored. Keys created before `expired_before` are forgotten first.
        """
        connection = await self._database.connection()
        await connection.execute(_FORGET_EXPIRED, {"expired_before": expired_before})
        if self._is_postgresql:
            await connection.execute(self._bound_lock_waits)
        values = {"caller": caller, "key": key, "fingerprint": fingerprint, "created_at": now}
        try:
            if (await connection.execute(self._claim, values)).first() is not None:
                return None
        except DBAPIError as error:
            # The request holding the key has not finished within the wait. This request's
            # transaction is aborted; it answers without another statement.
            if sqlstate(error) == _LOCK_NOT_AVAILABLE:
                return KeyInUse()
            raise
        found = (
            await connection.execute(_STORED, {"match_caller": caller, "match_key": key})
        ).first()
        # No row: it expired and was forgotten between the insert and this read.
        if found is None or found.response is None:
            return KeyInUse()
        return StoredResponse(found.fingerprint, found.response)

    async def remember(self, *, caller: str, key: str, response: str) -> None:
        """Store the response of the request that claimed `key`."""
        connection = await self._database.connection()
        parameters = {"match_caller": caller, "match_key": key, "response": response}
        await connection.execute(_REMEMBER, parameters)
