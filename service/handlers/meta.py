"""The `meta` operations: hello, liveness and readiness."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from service.generated.models import Health, Hello
from service.generated.responses import (
    CheckLiveness200Response,
    CheckLivenessResponse,
    CheckReadiness200Response,
    CheckReadiness503Response,
    CheckReadinessResponse,
    ReadRoot200Response,
    ReadRootResponse,
)
from service.handlers.problems import problem

# A dependency check: returns when the dependency answers, raises when it does not.
ReadinessProbe = Callable[[], Awaitable[None]]

READINESS_TIMEOUT_SECONDS = 2.0

logger = logging.getLogger(__name__)


class Meta:
    """Implements the generated `MetaHandlers` interface.

    Readiness asks every named probe at once, each within the timeout; the service is ready
    when all of them answer.
    """

    def __init__(self, readiness_probes: Mapping[str, ReadinessProbe]) -> None:
        self._readiness_probes = dict(readiness_probes)

    async def read_root(self) -> ReadRootResponse:
        return ReadRoot200Response(body=Hello(message="Hello World"))

    async def check_liveness(self) -> CheckLivenessResponse:
        return CheckLiveness200Response(body=Health(status="ok"))

    async def check_readiness(self) -> CheckReadinessResponse:
        answers = await asyncio.gather(
            *(_answers(name, probe) for name, probe in self._readiness_probes.items())
        )
        failing = [
            name
            for name, answered in zip(self._readiness_probes, answers, strict=True)
            if not answered
        ]
        if failing:
            return CheckReadiness503Response(
                body=problem(503, f"{' and '.join(failing)} is not reachable")
            )
        return CheckReadiness200Response(body=Health(status="ok"))


async def _answers(name: str, probe: ReadinessProbe) -> bool:
    try:
        async with asyncio.timeout(READINESS_TIMEOUT_SECONDS):
            await probe()
    except Exception as error:  # any failing or slow dependency means "not ready"
        logger.warning("readiness: %s did not answer: %r", name, error)
        return False
    return True
