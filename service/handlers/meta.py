"""The `meta` operations: hello, liveness and readiness."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from service.generated.models import Health, Hello
from service.generated.responses import (
    CheckLiveness200Response,
    CheckLivenessResponse,
    CheckReadiness200Response,
    CheckReadinessResponse,
    NotReadyResponse,
    ReadRoot200Response,
    ReadRootResponse,
)
from service.handlers.problems import problem

# A dependency check: None when the dependency answers and is fit for use, or a sentence saying
# why it is not (for an operator: what to run); raises when it does not answer.
ReadinessProbe = Callable[[], Awaitable[str | None]]

READINESS_TIMEOUT_SECONDS = 2.0

logger = logging.getLogger(__name__)


class Meta:
    """Implements the generated `MetaHandlers` interface.

    Readiness asks every named probe at once, each within the timeout; the service is ready
    when all of them answer that their dependency is fit for use.
    """

    def __init__(self, readiness_probes: Mapping[str, ReadinessProbe]) -> None:
        self._readiness_probes = dict(readiness_probes)

    async def read_root(self) -> ReadRootResponse:
        return ReadRoot200Response(body=Hello(message="Hello World"))

    async def check_liveness(self) -> CheckLivenessResponse:
        return CheckLiveness200Response(body=Health(status="ok"))

    async def check_readiness(self) -> CheckReadinessResponse:
        answers = await asyncio.gather(
            *(_not_ready_because(name, probe) for name, probe in self._readiness_probes.items())
        )
        reasons = [reason for reason in answers if reason is not None]
        if reasons:
            return NotReadyResponse(body=problem(503, " ".join(reasons)))
        return CheckReadiness200Response(body=Health(status="ok"))


async def _not_ready_because(name: str, probe: ReadinessProbe) -> str | None:
    try:
        async with asyncio.timeout(READINESS_TIMEOUT_SECONDS):
            return await probe()
    except Exception as error:  # any failing or slow dependency means "not ready"
        logger.warning("readiness: %s did not answer: %r", name, error)
        return f"{name} is not reachable."
