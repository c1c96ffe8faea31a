"""Data access for users (SQLAlchemy Core: one statement per call, rows as tuples)."""

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import insert, select, update
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
        statement = (
            insert(users)
            .values(
                username=username,
                email=email,
                full_name=full_name,
                password_hash=password_hash,
                created_at=created_at,
            )
            .returning(*_COLUMNS)
        )
        try:
            result = await connection.execute(statement)
        except IntegrityError as error:
            # The users table has one constraint an insert of valid values can break.
            raise UsernameTakenError(username) from error
        return UserRecord._make(result.one())

    async def get(self, user_id: int) -> UserRecord | None:
        connection = await self._database.connection()
        row = (await connection.execute(select(*_COLUMNS).where(users.c.id == user_id))).first()
        return None if row is None else UserRecord._make(row)

    async def find_by_username(self, username: str) -> UserRecord | None:
        if "\x00" in username:
            # No stored username has one (registration refuses it), and PostgreSQL cannot
            # even compare a string holding NUL: answer without asking.
            return None
        connection = await self._database.connection()
        statement = select(*_COLUMNS).where(users.c.username == username)
        row = (await connection.execute(statement)).first()
        return None if row is None else UserRecord._make(row)

    async def set_password_hash(self, user_id: int, password_hash: str) -> None:
        connection = await self._database.connection()
        statement = update(users).where(users.c.id == user_id).values(password_hash=password_hash)
        await connection.execute(statement)
