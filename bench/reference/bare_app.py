"""The ceiling: a bare ASGI app reading one product row with asyncpg and answering it with
orjson. No framework, no validation: how fast `GET /products/{id}` can be on this machine."""

import os
from typing import Any

import asyncpg
import orjson

_pool: Any = None
_QUERY = (
    "SELECT id, name, description, price, tax, owner_id, created_at, updated_at "
    "FROM products WHERE id = $1"
)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    global _pool
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                dsn = os.environ["DATABASE_URL"].replace("postgresql+asyncpg", "postgresql")
                _pool = await asyncpg.create_pool(dsn, min_size=1, max_size=10)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await _pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return
    product_id = int(scope["path"].rsplit("/", 1)[1])
    row = await _pool.fetchrow(_QUERY, product_id)
    status, body = (404, b"{}") if row is None else (200, orjson.dumps(dict(row)))
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
