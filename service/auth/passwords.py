"""Password hashing with Argon2id (passlib's CryptContext, from the maintained libpass).

Argon2 hashes the whole password, so two passwords sharing their first 72 bytes stay different
(bcrypt would silently truncate). Hashing is deliberately slow, so it runs in a worker thread
and never blocks the event loop.
"""

import asyncio
import secrets

from passlib.context import CryptContext


class PasswordHasher:
    def __init__(self, *, time_cost: int, memory_kib: int) -> None:
        self._context = CryptContext(
            schemes=["argon2"],
            argon2__type="ID",
            argon2__time_cost=time_cost,
            argon2__memory_cost=memory_kib,
        )
        # Checked instead of a real hash when the username is unknown, so that a login for an
        # unknown user costs the same as one with a wrong password.
        self._dummy_hash = self._context.hash(secrets.token_urlsafe(32))

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._context.hash, password)

    async def verify(self, password: str, stored_hash: str | None) -> tuple[bool, str | None]:
        """Whether `password` matches `stored_hash` (None: no such user; never matches).

        The second value is a new hash to store when the match was made with an outdated cost.
        """
        if stored_hash is None:
            await asyncio.to_thread(self._context.verify, password, self._dummy_hash)
            return False, None
        matched, new_hash = await asyncio.to_thread(
            self._context.verify_and_update, password, stored_hash
        )
        return matched, new_hash
