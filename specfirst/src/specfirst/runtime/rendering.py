"""Typed responses (`responses.ApiResponse`) serialised into HTTP responses."""

from collections.abc import AsyncIterable
from contextvars import ContextVar
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_json
from starlette.responses import Response, StreamingResponse

from specfirst.runtime import media
from specfirst.runtime.negotiation import best_match
from specfirst.runtime.responses import (
    ApiResponse,
    ChosenStatusResponse,
    FixedStatusResponse,
    TypedContent,
)
from specfirst.runtime.streams import KEEPALIVE_COMMENT, StreamedResponse, frame_writer

# The request's Accept header, set by the route of an operation whose responses offer a
# choice of media types (routing.ContractRoute), for `render` to choose by.
ACCEPT: ContextVar[str | None] = ContextVar("accept", default=None)


class ContractResponse(Response):
    """A response whose body is serialised and whose headers are ready: Starlette's
    Response would look through the headers again for the ones it adds itself."""

    def __init__(self, body: bytes, status_code: int, raw_headers: list[tuple[bytes, bytes]]):
        self.body = body
        self.status_code = status_code
        self.raw_headers = raw_headers
        self.background = None


def render(result: ApiResponse, declared: Any) -> Response:
    """Serialise a handler's result, straight from the typed response (no second validation).

    `declared` is the operation's response class or union of them: a result that is not one
    is a server error, never a response the spec does not promise.
    """
    if not isinstance(result, declared):
        raise TypeError(f"handler returned {type(result).__name__}, not one of {declared}")
    status = result.status_code if isinstance(result, FixedStatusResponse) else _status(result)
    headers = [
        (wire_name.lower().encode("latin-1"), _header_value(value).encode("latin-1"))
        for attribute, wire_name in result.header_fields
        if (value := getattr(result, attribute)) is not None
    ]
    if len(result.contents) == 1 and result.contents[0][2] == media.JSON:
        # Most responses: one JSON model. Inline, as this runs for every request.
        media_type, field, _ = result.contents[0]
        model = getattr(result, field)
        if isinstance(model, BaseModel):
            content = model.model_dump_json(by_alias=True).encode()
            headers = _with_length(headers, content, status)
            headers.append((b"content-type", media_type.encode("latin-1")))
            return ContractResponse(content, status, headers)
    chosen = _chosen_content(result)
    if chosen is None:
        return ContractResponse(b"", status, _with_length(headers, b"", status))
    media_type, kind, value = chosen
    if kind in media.STREAMED_KINDS:
        return _streamed(result, media_type, kind, value, status, headers)
    if isinstance(value, TypedContent):
        media_type, value = value.media_type, value.data
    headers.append((b"content-type", _content_type(media_type, kind).encode("latin-1")))
    if isinstance(value, AsyncIterable):
        return StreamingResponse(value, status, headers=_as_mapping(headers))
    content = _serialise(value, kind)
    return ContractResponse(content, status, _with_length(headers, content, status))


def _streamed(
    result: ApiResponse,
    media_type: str,
    kind: str,
    items: Any,
    status: int,
    headers: list[tuple[bytes, bytes]],
) -> Response:
    if not isinstance(items, AsyncIterable):
        raise TypeError(f"{type(result).__name__}: a stream must be an async iterable of items")
    headers.append((b"content-type", media_type.encode("latin-1")))
    # Proxies and caches pass each frame on at once (X-Accel-Buffering: nginx's buffering),
    # unless the spec declares a Cache-Control of its own.
    if not any(name == b"cache-control" for name, _ in headers):
        headers.append((b"cache-control", b"no-cache"))
    headers.append((b"x-accel-buffering", b"no"))
    return StreamedResponse(
        items,
        status,
        headers,
        frame_writer(media_type, result.stream_items[media_type]),
        keepalive=KEEPALIVE_COMMENT if kind == media.EVENT_STREAM else None,
        name=type(result).__name__,
    )


def _status(result: ApiResponse) -> int:
    if isinstance(result, ChosenStatusResponse):
        return result.status_code
    raise TypeError(f"{type(result).__name__} has no status")


def _chosen_content(result: ApiResponse) -> tuple[str, str, Any] | None:
    """(media type, kind, value) of the content to send, or None when there is none."""
    if len(result.contents) == 1:  # most responses: no choice to make
        media_type, field, kind = result.contents[0]
        value = getattr(result, field)
        return None if value is None else (media_type, kind, value)
    offered = [
        (media_type, kind, value)
        for media_type, field, kind in result.contents
        if (value := getattr(result, field)) is not None
    ]
    if len(offered) <= 1:
        return offered[0] if offered else None
    preferred = best_match(ACCEPT.get(), [media_type for media_type, _, _ in offered])
    # None: the client accepts none of them. An error answer is sent anyway (RFC 9110
    # §15.5.7 allows it); successes were refused with 406 before the handler ran.
    return next((o for o in offered if o[0] == preferred), offered[0])


def _serialise(value: Any, kind: str) -> bytes:
    if kind == media.JSON:
        if isinstance(value, BaseModel):
            return value.model_dump_json(by_alias=True).encode()
        return to_json(value)
    if kind == media.TEXT:
        return str(value).encode()
    return bytes(value)


def _content_type(media_type: str, kind: str) -> str:
    if "*" in media_type:
        # A wildcard the handler did not resolve (no TypedContent): bytes, as such.
        return "application/octet-stream"
    if kind == media.TEXT and "charset=" not in media_type.lower():
        return f"{media_type}; charset=utf-8"
    return media_type


def _header_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _with_length(
    headers: list[tuple[bytes, bytes]], content: bytes, status: int
) -> list[tuple[bytes, bytes]]:
    # RFC 9110 §8.6: no Content-Length on 1xx, 204 and 304 responses.
    if not (status < 200 or status in (204, 304)):
        headers.append((b"content-length", str(len(content)).encode("latin-1")))
    return headers


def _as_mapping(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in headers}
