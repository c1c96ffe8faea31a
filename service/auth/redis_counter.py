"""The login limiter's counters in Redis, for instances that share one (REDIS_URL).

Imported only when REDIS_URL is set: the redis package costs each worker about 15 MiB of
memory (measured with /proc/self/status), which a service counting in its database need not pay.
"""

from collections.abc import Sequence

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from specfirst.runtime.problems import Unavailable


def connect_redis(url: str, *, timeout_seconds: float) -> Redis:
    return Redis.from_url(
        url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds
    )


def is_redis_unavailable(error: Exception) -> bool:
    """Redis is down or not answering."""
    return isinstance(error, RedisConnectionError | RedisTimeoutError)


def describe_redis_unavailable(error: Exception) -> Unavailable | None:
    """What a client is told (a 503) when `error` means Redis is down; None for other errors."""
    if is_redis_unavailable(error):
        return Unavailable(
            "The service cannot reach its login counters (Redis) right now; retry later."
        )
    return None


class RedisHitCounter:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def hit(
        self, keys: Sequence[str], *, window_start: int, window_seconds: int
    ) -> list[int]:
        pipeline = self._redis.pipeline(transaction=True)
        for key in keys:
            windowed = f"{key}:{window_start}"
            pipeline.incr(windowed)
            # Gone once its window is over (with a margin for clock skew between instances).
            pipeline.expire(windowed, 2 * window_seconds)
        results = await pipeline.execute()
        return [int(count) for count in results[::2]]
