"""Data access for users (SQLAlchemy Core: one statement per call, rows as tuples)."""

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from service.db.database import Database
from service.db.tables import users


class UserRecord(NamedTuple):
    """A stored user, the password hash included: never hand it to a response as is."""

    id: int
    username: str
    email: str
    full_name: str | None
    password_hash: str
    created_at: datetime


class UsernameTakenError(Exception):
    """Another user already has this username (the unique constraint said so)."""


_COLUMNS = tuple(users.c[name] for name in UserRecord._fields)
# Built once, as in service.db.products; values come as bound parameters.
_ADD = insert(users).returning(*_COLUMNS)
_GET = select(*_COLUMNS).where(users.c.id == bindparam("match_id"))
_FIND = select(*_COLUMNS).where(users.c.username == bindparam("match_username"))
_SET_PASSWORD_HASH = update(users).where(users.c.id == bindparam("match_id"))


class UserRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def add(
        self,
        *,
        username: str,
        email: str,
        full_name: str | None,
        password_hash: str,
        created_at: datetime,
    ) -> UserRecord:
        """Store a new user; the database's unique constraint decides a race for a username."""
        connection = await self._database.connection()
        values = {
            "username": username,
            "email": email,
            "full_name": full_name,
            "password_hash": password_hash,
            "created_at": created_at,
        }
        try:
            result = await connection.execute(_ADD, values)
        except IntegrityError as error:
            # The users table has one constraint an insert of valid values can break.
            raise UsernameTakenError(username) from error
        return UserRecord._make(result.one())

    async def get(self, user_id: int) -> UserRecord | None:
        connection = await self._database.connection()
        row = (await connection.execute(_GET, {"match_id": user_id})).first()
        return None if row is None else UserRecord._make(row)

    async def find_by_username(self, username: str) -> UserRecord | None:
        if "\x00" in username:
            # No stored username has one (registration refuses it), and PostgreSQL cannot
            # even compare a string holding NUL: answer without asking.
            return None
        connection = await self._database.connection()
        row = (await connection.execute(_FIND, {"match_username": username})).first()
        return None if row is None else UserRecord._make(row)

    async def set_password_hash(self, user_id: int, password_hash: str) -> None:
        connection = await self._database.connection()
        parameters = {"match_id": user_id, "password_hash": password_hash}
        await connection.execute(_SET_PASSWORD_HASH, parameters)
