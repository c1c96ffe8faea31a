"""Data access for products (SQLAlchemy Core: one statement per write, rows as tuples).

Writes that only the owner may make carry the owner in their WHERE clause, so the check and
the change are one atomic statement; only when nothing matched does a second query tell a
missing product from someone else's.
"""

import enum
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Delete, Update, delete, func, insert, select, update

from service.db.database import Database
from service.db.tables import products


class ProductRecord(NamedTuple):
    id: int
    name: str
    description: str | None
    price: float
    tax: float | None
    owner_id: int
    created_at: datetime
    updated_at: datetime


class WriteRefused(enum.Enum):
    """Why an owner-only write changed nothing."""

    NOT_FOUND = enum.auto()
    NOT_OWNER = enum.auto()


# The columns a client may set; on a replacement, each one left out becomes NULL.
EDITABLE_COLUMNS = ("name", "description", "price", "tax")

_COLUMNS = tuple(products.c[name] for name in ProductRecord._fields)


class ProductRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def add(
        self, *, owner_id: int, fields: Mapping[str, Any], created_at: datetime
    ) -> ProductRecord:
        connection = await self._database.connection()
        statement = (
            insert(products)
            .values(
                **_editable(fields, fill_missing=True),
                owner_id=owner_id,
                created_at=created_at,
                updated_at=created_at,
            )
            .returning(*_COLUMNS)
        )
        return ProductRecord._make((await connection.execute(statement)).one())

    async def get(self, product_id: int) -> ProductRecord | None:
        connection = await self._database.connection()
        statement = select(*_COLUMNS).where(products.c.id == product_id)
        row = (await connection.execute(statement)).first()
        return None if row is None else ProductRecord._make(row)

    async def page(self, *, limit: int, offset: int) -> tuple[Sequence[ProductRecord], int]:
        """One page, newest first (ids only grow), and the number of all products."""
        connection = await self._database.connection()
        total = (await connection.execute(select(func.count()).select_from(products))).scalar_one()
        statement = select(*_COLUMNS).order_by(products.c.id.desc()).limit(limit).offset(offset)
        rows = (await connection.execute(statement)).all()
        return [ProductRecord._make(row) for row in rows], total

    async def replace(
        self, product_id: int, *, owner_id: int, fields: Mapping[str, Any], updated_at: datetime
    ) -> ProductRecord | WriteRefused:
        """Set every editable column: those left out of `fields` become NULL."""
        values = {**_editable(fields, fill_missing=True), "updated_at": updated_at}
        return await self._owned_update(product_id, owner_id, values)

    async def update(
        self, product_id: int, *, owner_id: int, changes: Mapping[str, Any], updated_at: datetime
    ) -> ProductRecord | WriteRefused:
        """Set only the columns in `changes`, so concurrent updates of other columns survive."""
        values = {**_editable(changes, fill_missing=False), "updated_at": updated_at}
        return await self._owned_update(product_id, owner_id, values)

    async def delete(self, product_id: int, *, owner_id: int) -> WriteRefused | None:
        statement = delete(products).where(
            products.c.id == product_id, products.c.owner_id == owner_id
        )
        refused = await self._owned_write(product_id, statement.returning(products.c.id))
        return refused if isinstance(refused, WriteRefused) else None

    async def _owned_update(
        self, product_id: int, owner_id: int, values: Mapping[str, Any]
    ) -> ProductRecord | WriteRefused:
        statement = (
            update(products)
            .where(products.c.id == product_id, products.c.owner_id == owner_id)
            .values(**values)
            .returning(*_COLUMNS)
        )
        written = await self._owned_write(product_id, statement)
        return written if isinstance(written, WriteRefused) else ProductRecord._make(written)

    async def _owned_write(
        self, product_id: int, statement: Update | Delete
    ) -> Sequence[Any] | WriteRefused:
        connection = await self._database.connection()
        row = (await connection.execute(statement)).first()
        if row is not None:
            return row
        owner = select(products.c.owner_id).where(products.c.id == product_id)
        exists = (await connection.execute(owner)).first() is not None
        return WriteRefused.NOT_OWNER if exists else WriteRefused.NOT_FOUND


def _editable(fields: Mapping[str, Any], *, fill_missing: bool) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE_COLUMNS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    columns = EDITABLE_COLUMNS if fill_missing else tuple(fields)
    return {column: fields.get(column) for column in columns}
