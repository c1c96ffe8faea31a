"""Login rate limiting: attempts per client address and per username, per fixed time window.

The counters live where every worker and instance sees them: in Redis when REDIS_URL is set,
in the database otherwise (service.db.rate_limits). Keys are hashes, so neither store holds a
username or an address in clear.
"""

import hashlib
import math
import time
from collections.abc import Callable, Sequence
from typing import Protocol


class HitCounter(Protocol):
    async def hit(
        self, keys: Sequence[str], *, window_start: int, window_seconds: int
    ) -> list[int]:
        """Count one hit on each key in the window starting at `window_start` (epoch
        seconds); return each key's hits in that window, this one included."""
        ...


class LoginRateLimiter:
    def __init__(
        self,
        counter: HitCounter,
        *,
        per_address: int,
        per_username: int,
        window_seconds: int,
        clock: Callable[[], float] = time.time,
        on_refusal: Callable[[], None] = lambda: None,
    ) -> None:
        """`on_refusal` is called for each attempt refused (service.metrics counts them)."""
        self._counter = counter
        self._limits = {"address": per_address, "username": per_username}
        self._window = window_seconds
        self._clock = clock
        self._on_refusal = on_refusal

    async def retry_after(self, *, address: str | None, username: str) -> int | None:
        """Count this attempt; None when it is within the limits, otherwise the seconds
        until the window ends and attempts are allowed again."""
        now = self._clock()
        window_start = int(now // self._window) * self._window
        values = {"address": address or "unknown", "username": username}
        keys = [_key(kind, values[kind]) for kind in self._limits]
        hits = await self._counter.hit(keys, window_start=window_start, window_seconds=self._window)
        if all(count <= limit for count, limit in zip(hits, self._limits.values(), strict=True)):
            return None
        self._on_refusal()
        return max(1, math.ceil(window_start + self._window - now))


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    return f"login:{kind}:{digest[:40]}"
