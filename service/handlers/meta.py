"""The `meta` operations: hello, liveness and readiness."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from service.generated.models import Health, Hello, Problem
from service.generated.responses import (
    CheckLiveness200Response,
    CheckLivenessResponse,
    CheckReadiness200Response,
    CheckReadiness503Response,
    CheckReadinessResponse,
    ReadRoot200Response,
    ReadRootResponse,
)

# A dependency check: returns when the dependency answers, raises when it does not.
ReadinessProbe = Callable[[], Awaitable[None]]

READINESS_TIMEOUT_SECONDS = 2.0


class Meta:
    """Implements the generated `MetaHandlers` interface.

    Readiness asks every probe it was given; the service has no dependency to probe until it
    has a database, so until then it is ready whenever it is alive.
    """

    def __init__(self, readiness_probes: Sequence[ReadinessProbe]) -> None:
        self._readiness_probes = tuple(readiness_probes)

    async def read_root(self) -> ReadRootResponse:
        return ReadRoot200Response(body=Hello(message="Hello World"))

    async def check_liveness(self) -> CheckLivenessResponse:
        return CheckLiveness200Response(body=Health(status="ok"))

    async def check_readiness(self) -> CheckReadinessResponse:
        try:
            async with asyncio.timeout(READINESS_TIMEOUT_SECONDS):
                await asyncio.gather(*(probe() for probe in self._readiness_probes))
        except Exception as error:  # any failing or slow dependency means "not ready"
            return CheckReadiness503Response(
                body=Problem(
                    type="about:blank",
                    title="Service Unavailable",
                    status=503,
                    detail=f"A dependency is not ready: {type(error).__name__}",
                )
            )
        return CheckReadiness200Response(body=Health(status="ok"))
