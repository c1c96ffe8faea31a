"""Data access for products (SQLAlchemy Core: one statement per write, rows as tuples).

Writes that only the owner may make carry the owner in their WHERE clause, and the versions
`If-Match` allows when it is sent, so the checks and the change are one atomic statement:
of two writers of one version, exactly one matches. Only when nothing matched does a second
query tell a missing product from someone else's, or from one that has changed since.
"""

import enum
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Delete, Update, bindparam, delete, func, insert, select, true, update

from service.db.database import Database
from service.db.tables import products


class ProductRecord(NamedTuple):
    """A row of the products table, every column (tests/db/test_product_columns.py checks)."""

    id: int
    name: str
    description: str | None
    price: float
    tax: float | None
    owner_id: int
    created_at: datetime
    updated_at: datetime
    version: int  # one more with every write (service.db.tables.products)


class WriteRefused(enum.Enum):
    """Why an owner-only write changed nothing."""

    NOT_FOUND = enum.auto()
    NOT_OWNER = enum.auto()
    VERSION_CHANGED = enum.auto()  # the product is not at any of the versions asked for


# The columns the service sets itself. Every other column of the table is one a client sets
# (the fields of the spec's ProductIn; tests/db/test_product_columns.py ties the two), and on a
# replacement each one left out becomes NULL.
SERVER_MANAGED_COLUMNS = frozenset({"id", "owner_id", "created_at", "updated_at", "version"})
EDITABLE_COLUMNS = tuple(c.name for c in products.c if c.name not in SERVER_MANAGED_COLUMNS)

_COLUMNS = tuple(products.c[name] for name in ProductRecord._fields)

# Statements are built once: building one, and its cache key, costs more than executing it
# (py-spy under `make bench`). Values come as bound parameters at execution.
_ADD = insert(products).returning(*_COLUMNS)
_GET = select(*_COLUMNS).where(products.c.id == bindparam("match_id"))
_OWNER = select(products.c.owner_id).where(products.c.id == bindparam("match_id"))
# The count and one page, newest first (ids only grow), from one snapshot in one round trip.
# The count is joined to the page, so a page past the end still brings one row: the count,
# and NULL for the product.
_TOTAL = select(func.count().label("total")).select_from(products).subquery()
_NEWEST_FIRST = (
    select(*_COLUMNS)
    .order_by(products.c.id.desc())
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
    .subquery()
)
_PAGE = (
    select(_TOTAL.c.total, *_NEWEST_FIRST.c)
    .select_from(_TOTAL.outerjoin(_NEWEST_FIRST, true()))
    .order_by(_NEWEST_FIRST.c.id.desc())
)
# Owner-only writes: the owner is part of the WHERE clause, and with If-Match the version too.
_OWNED = (products.c.id == bindparam("match_id"), products.c.owner_id == bindparam("match_owner"))
_AT_VERSION = products.c.version.in_(bindparam("match_versions", expanding=True))
_UPDATE = update(products).values(version=products.c.version + 1).returning(*_COLUMNS)
_UPDATE_OWNED = _UPDATE.where(*_OWNED)
_UPDATE_OWNED_AT_VERSION = _UPDATE.where(*_OWNED, _AT_VERSION)
_DELETE_OWNED = delete(products).where(*_OWNED).returning(products.c.id)
_DELETE_OWNED_AT_VERSION = delete(products).where(*_OWNED, _AT_VERSION).returning(products.c.id)


class ProductRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def add(
        self, *, owner_id: int, fields: Mapping[str, Any], created_at: datetime
    ) -> ProductRecord:
        connection = await self._database.connection()
        values = {
            **_editable(fields, fill_missing=True),
            "owner_id": owner_id,
            "created_at": created_at,
            "updated_at": created_at,
        }
        return ProductRecord._make((await connection.execute(_ADD, values)).one())

    async def get(self, product_id: int) -> ProductRecord | None:
        connection = await self._database.connection()
        row = (await connection.execute(_GET, {"match_id": product_id})).first()
        return None if row is None else ProductRecord._make(row)

    async def page(self, *, limit: int, offset: int) -> tuple[Sequence[ProductRecord], int]:
        """One page, newest first, and the number of all products."""
        connection = await self._database.connection()
        rows = (await connection.execute(_PAGE, {"limit": limit, "offset": offset})).all()
        records = [ProductRecord._make(row[1:]) for row in rows if row.id is not None]
        return records, rows[0].total

    # In the writes below, `versions` are the versions the product must be at for the write to
    # happen (If-Match); None writes whatever the version.

    async def replace(
        self,
        product_id: int,
        *,
        owner_id: int,
        fields: Mapping[str, Any],
        updated_at: datetime,
        versions: Collection[int] | None = None,
    ) -> ProductRecord | WriteRefused:
        """Set every editable column: those left out of `fields` become NULL."""
        values = {**_editable(fields, fill_missing=True), "updated_at": updated_at}
        return await self._owned_update(product_id, owner_id, values, versions)

    async def update(
        self,
        product_id: int,
        *,
        owner_id: int,
        changes: Mapping[str, Any],
        updated_at: datetime,
        versions: Collection[int] | None = None,
    ) -> ProductRecord | WriteRefused:
        """Set only the columns in `changes`, so concurrent updates of other columns survive."""
        values = {**_editable(changes, fill_missing=False), "updated_at": updated_at}
        return await self._owned_update(product_id, owner_id, values, versions)

    async def delete(
        self, product_id: int, *, owner_id: int, versions: Collection[int] | None = None
    ) -> WriteRefused | None:
        statement = _DELETE_OWNED if versions is None else _DELETE_OWNED_AT_VERSION
        refused = await self._owned_write(statement, product_id, owner_id, {}, versions)
        return refused if isinstance(refused, WriteRefused) else None

    async def _owned_update(
        self,
        product_id: int,
        owner_id: int,
        values: Mapping[str, Any],
        versions: Collection[int] | None,
    ) -> ProductRecord | WriteRefused:
        # The SET clause is made of the columns in `values`, and the version's increment.
        statement = _UPDATE_OWNED if versions is None else _UPDATE_OWNED_AT_VERSION
        written = await self._owned_write(statement, product_id, owner_id, values, versions)
        return written if isinstance(written, WriteRefused) else ProductRecord._make(written)

    async def _owned_write(
        self,
        statement: Update | Delete,
        product_id: int,
        owner_id: int,
        values: Mapping[str, Any],
        versions: Collection[int] | None,
    ) -> Sequence[Any] | WriteRefused:
        connection = await self._database.connection()
        parameters = {**values, "match_id": product_id, "match_owner": owner_id}
        if versions is not None:
            parameters["match_versions"] = list(versions)
        row = (await connection.execute(statement, parameters)).first()
        if row is not None:
            return row
        found = (await connection.execute(_OWNER, {"match_id": product_id})).first()
        if found is None:
            return WriteRefused.NOT_FOUND
        # RFC 9110 §13.2.1: preconditions are checked after authorization.
        return (
            WriteRefused.NOT_OWNER if found.owner_id != owner_id else WriteRefused.VERSION_CHANGED
        )


def _editable(fields: Mapping[str, Any], *, fill_missing: bool) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE_COLUMNS)
    if unknown:
        raise ValueError(f"no editable column in the products table: {', '.join(sorted(unknown))}")
    columns = EDITABLE_COLUMNS if fill_missing else tuple(fields)
    return {column: fields.get(column) for column in columns}
