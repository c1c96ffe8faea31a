"""Idempotency-Key (IETF httpapi draft "The Idempotency-Key HTTP Header Field") for creations.

A creation sent with a key runs once per caller and key: its successful response is stored
under the key in the creation's own transaction, and a retry with the same key and request
gets that response back without creating anything. A request that fails leaves nothing (its
transaction rolls back, the key with it), so it can be retried with the same key. Keys are
forgotten after `lifetime`.
"""

import enum
import hashlib
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final, TypeVar

from pydantic import BaseModel, TypeAdapter

from service.clock import Clock
from service.db.idempotency_keys import IdempotencyKeys, KeyInUse
from service.generated.models import Problem, ValidationErrorDetail, ValidationProblem
from service.generated.responses import ValidationFailedResponse
from service.handlers.problems import problem
from specfirst.runtime.problems import problem_title
from specfirst.runtime.responses import ApiResponse

ANONYMOUS: Final = "anonymous"  # the caller of operations without credentials

Response = TypeVar("Response", bound=ApiResponse)
Success = TypeVar("Success", bound=ApiResponse)
InUse = TypeVar("InUse", bound=ApiResponse)


class KeyRefused(enum.Enum):
    """Why a request with a key was neither run nor answered from the key."""

    IN_USE = enum.auto()  # the key's first request has not finished: 409
    OTHER_REQUEST = enum.auto()  # the key was used for a different request: 422


@dataclass(frozen=True)
class KeyedRequest:
    key: str  # the header's value, quoted (a structured-field string) or not
    caller: str  # "user:<id>", or ANONYMOUS
    operation: str
    body: BaseModel


class Idempotency:
    def __init__(
        self,
        keys: IdempotencyKeys,
        *,
        secret: bytes,
        lifetime: timedelta,
        clock: Clock,
        on_replay: Callable[[], None] = lambda: None,
    ) -> None:
        """`on_replay` is called each time a stored response is sent again (service.metrics
        counts them)."""
        self._keys = keys
        # Request bodies can hold passwords: they are remembered by a keyed hash (HMAC), never
        # by a plain one that could be searched offline.
        self._fingerprint_key = hmac.new(
            secret, b"idempotency-key fingerprints", hashlib.sha256
        ).digest()
        self._lifetime = lifetime
        self._clock = clock
        self._on_replay = on_replay

    async def once(
        self,
        request: KeyedRequest,
        create: Callable[[], Awaitable[Response]],
        success: type[Success],
    ) -> Response | Success | KeyRefused:
        """`create()`'s response, run unless the key was used already: then the response stored
        under it when the request was the same, or why not. Only a response of type `success`
        is stored; any other is an error, whose request rolls back and releases the key."""
        key = request.key.removeprefix('"').removesuffix('"')
        fingerprint = self._fingerprint(request)
        now = self._clock()
        claimed = await self._keys.claim(
            caller=request.caller,
            key=key,
            fingerprint=fingerprint,
            now=now,
            expired_before=now - self._lifetime,
        )
        if isinstance(claimed, KeyInUse):
            return KeyRefused.IN_USE
        if claimed is not None:
            if not hmac.compare_digest(claimed.fingerprint, fingerprint):
                return KeyRefused.OTHER_REQUEST
            self._on_replay()
            return _adapter(success).validate_json(claimed.response)
        response = await create()
        if isinstance(response, success):
            stored = _adapter(success).dump_json(response, by_alias=True).decode()
            await self._keys.remember(caller=request.caller, key=key, response=stored)
        return response

    def _fingerprint(self, request: KeyedRequest) -> str:
        # The body as validated and serialised again: the same request, however its JSON
        # was spaced or ordered, has the same fingerprint.
        message = f"{request.operation}\n{request.body.model_dump_json()}".encode()
        return hmac.new(self._fingerprint_key, message, hashlib.sha256).hexdigest()


_adapters: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(response_type: type[Success]) -> TypeAdapter[Success]:
    """The (de)serialiser of a response class, built once: building one costs milliseconds."""
    adapter = _adapters.get(response_type)
    if adapter is None:
        adapter = _adapters[response_type] = TypeAdapter(response_type)
    return adapter


def refusal_response(
    refused: KeyRefused, *, in_use: Callable[..., InUse]
) -> InUse | ValidationFailedResponse:
    """The answer to a request its key refused: `in_use` (the operation's 409 response class)
    while the key's first request runs, 422 when the key was used for another request."""
    if refused is KeyRefused.IN_USE:
        return in_use(body=in_use_problem())
    return ValidationFailedResponse(body=other_request_problem())


def in_use_problem() -> Problem:
    return problem(409, "A request with this Idempotency-Key is still being processed; retry")


def other_request_problem() -> ValidationProblem:
    detail = "This Idempotency-Key was used for a different request"
    return ValidationProblem(
        type="about:blank",
        title=problem_title(422),
        status=422,
        detail=detail,
        errors=[
            ValidationErrorDetail(
                loc=["header", "Idempotency-Key"], msg=detail, type="idempotency_key_reused"
            )
        ],
    )
