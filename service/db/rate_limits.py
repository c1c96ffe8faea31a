"""The login rate limiter's counters in the database, shared by every worker and instance."""

from collections.abc import Sequence

from sqlalchemy import delete

from service.db.database import Database, upsert_insert
from service.db.tables import rate_limit_hits


class DatabaseHitCounter:
    def __init__(self, database: Database) -> None:
        self._database = database
        self._insert = upsert_insert(database.engine)

    async def hit(
        self, keys: Sequence[str], *, window_start: int, window_seconds: int
    ) -> list[int]:
        # A transaction of its own, not the request's: a failed login (whose request rolls
        # back) must still count. Each counter is one atomic upsert.
        async with self._database.separate_transaction() as connection:
            counts = []
            for key in keys:
                first_hit = self._insert(rate_limit_hits).values(
                    key=key, window_start=window_start, hits=1
                )
                upsert = first_hit.on_conflict_do_update(
                    index_elements=[rate_limit_hits.c.key, rate_limit_hits.c.window_start],
                    set_={"hits": rate_limit_hits.c.hits + 1},
                )
                hits = await connection.execute(upsert.returning(rate_limit_hits.c.hits))
                counts.append(hits.scalar_one())
            # Past windows are never read again.
            await connection.execute(
                delete(rate_limit_hits).where(rate_limit_hits.c.window_start < window_start)
            )
        return counts
