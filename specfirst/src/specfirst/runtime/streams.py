"""Streamed responses: server-sent events (`text/event-stream`), JSON Lines
(`application/jsonl`, `application/x-ndjson`) and JSON text sequences (`application/json-seq`,
RFC 7464), written one frame per item of the async iterable a handler returns.

Each frame is sent as soon as its item arrives. Before it is sent, an item is checked against
the schema the spec gives one item (the media type's `schema`): an item that does not match
it, or a handler that raises mid-stream, ends the stream with a logged error, and the response
is left incomplete (the connection closes before the chunked body's end), so that a client
can tell a broken stream from a finished one; it never receives a bad frame.

An event stream that has sent nothing for `KEEPALIVE_SECONDS` gets a comment line, which
clients ignore and which keeps proxies from closing an idle connection. (JSON Lines and JSON
sequences have no comments: they get nothing.) When the client goes away, the handler's
iterator is closed at once (`aclose`): its `finally` runs then, not when the garbage collector
gets to it. (What the binding opened to read the request, an upload's file, is closed before
the stream starts: a stream that needs it reads it first.)
"""

import json
import logging
import re
from collections.abc import AsyncIterable, AsyncIterator, Callable
from dataclasses import replace
from functools import cache
from typing import Any, Final

import anyio
from pydantic import BaseModel, RootModel
from pydantic_core import to_json
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from specfirst.runtime import media
from specfirst.runtime.responses import ServerSentEvent

logger = logging.getLogger(__name__)

# What the WHATWG HTML standard suggests for an event stream's keep-alive comment.
KEEPALIVE_SECONDS: Final = 15.0
KEEPALIVE_COMMENT: Final = b": keep-alive\n\n"
RECORD_SEPARATOR: Final = b"\x1e"  # RFC 7464: before each JSON text of a sequence
# Where an event stream breaks data into lines (and nowhere else: not at U+2028).
_DATA_LINES: Final = re.compile(r"\r\n|\r|\n")


class StreamItemError(TypeError):
    """An item a handler yielded that its stream's schema does not describe."""


@cache
def frame_writer(media_type: str, item_type: Any) -> Callable[[Any], bytes]:
    """The frame of one item for a stream of `media_type` (of a streamed kind), whose items
    are described by `item_type`: a generated model, or JsonValue where the spec gives none.
    Worked out once per response class's media type, not per request."""
    kind = media.streamed(media_type)
    if kind == media.EVENT_STREAM:
        if _is_model(item_type) and media.describes_events(_wire_names(item_type)):
            return lambda item: _whole_event_frame(item, item_type)
        return lambda item: _event_frame(item, item_type)
    if kind == media.JSON_SEQUENCE:
        return lambda item: RECORD_SEPARATOR + _json_text(item, item_type) + b"\n"
    return lambda item: _json_text(item, item_type) + b"\n"


def _json_text(item: Any, item_type: Any) -> bytes:
    """`item` as one JSON text, checked against its schema as it will be sent."""
    if isinstance(item, ServerSentEvent):
        raise StreamItemError("a ServerSentEvent where the schema describes whole items")
    if not _is_model(item_type):
        return to_json(item)  # any JSON value: what cannot be one raises
    if not isinstance(item, item_type):
        raise StreamItemError(f"a {type(item).__name__}, not a {item_type.__name__}")
    text: str = item.model_dump_json(by_alias=True)
    # What was built with model_construct, or changed after validation, is checked as sent.
    item_type.model_validate_json(text)
    return text.encode()


def _event_frame(item: Any, item_type: Any) -> bytes:
    """An event whose data the item is (or a ServerSentEvent carrying it)."""
    event = item if isinstance(item, ServerSentEvent) else ServerSentEvent(item)
    return _frame(replace(event, data=_event_data(event.data, item_type)))


def _whole_event_frame(item: Any, item_type: Any) -> bytes:
    """An event the item is, field by field: its data as text where the schema says it is a
    string, else as JSON."""
    fields = json.loads(_json_text(item, item_type))
    data = fields.get("data")
    text = data if isinstance(data, str) or data is None else to_json(data).decode()
    event = ServerSentEvent(
        text,
        event=None if fields.get("event") is None else str(fields["event"]),
        id=None if fields.get("id") is None else str(fields["id"]),
        retry=fields.get("retry"),
    )
    return _frame(event)


def _frame(event: ServerSentEvent[str | None]) -> bytes:
    """An event's lines, its data (text already) one `data:` line per line."""
    fields = {"event": event.event, "id": event.id, "retry": event.retry}
    lines = [f"{name}: {value}" for name, value in fields.items() if value is not None]
    if event.data is not None:
        lines += [f"data: {line}" for line in _DATA_LINES.split(event.data)]
    return ("\n".join(lines) + "\n\n").encode()


def _event_data(data: Any, item_type: Any) -> str:
    """An event's data: text as it is where the spec says the data is a string, else JSON."""
    if isinstance(data, str) and not _is_model(item_type):
        return data
    if isinstance(data, RootModel) and isinstance(data.root, str) and isinstance(data, item_type):
        item_type.model_validate(data.root)
        return data.root
    return _json_text(data, item_type).decode()


def _is_model(item_type: Any) -> bool:
    return isinstance(item_type, type) and issubclass(item_type, BaseModel)


def _wire_names(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


class StreamedResponse(Response):
    """A response whose body is `items`, one frame each (`frame`), sent as they come."""

    def __init__(
        self,
        items: AsyncIterable[Any],
        status_code: int,
        raw_headers: list[tuple[bytes, bytes]],
        frame: Callable[[Any], bytes],
        *,
        keepalive: bytes | None,
        keepalive_seconds: float = KEEPALIVE_SECONDS,
        name: str = "stream",
    ) -> None:
        self.items = items
        self.status_code = status_code
        self.raw_headers = raw_headers
        self.background = None
        self._frame = frame
        self._keepalive = keepalive
        self._keepalive_seconds = keepalive_seconds
        self._name = name  # for the log: the response class
        self._last_sent = 0.0
        self._lock = anyio.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        iterator = aiter(self.items)
        finished = False
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": self.status_code,
                    "headers": self.raw_headers,
                }
            )
            self._last_sent = anyio.current_time()
            async with anyio.create_task_group() as group:
                group.start_soon(_cancel_on_disconnect, receive, group.cancel_scope)
                if self._keepalive is not None:
                    group.start_soon(self._keep_alive, send, self._keepalive, group.cancel_scope)
                finished = await self._pump(iterator, send)
                group.cancel_scope.cancel()
            if finished:
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:
            return  # the client went away (ASGI 2.4 servers say so when a frame is sent)
        finally:
            with anyio.CancelScope(shield=True):
                await _close(iterator)

    async def _pump(self, iterator: AsyncIterator[Any], send: Send) -> bool:
        """Send a frame per item; whether the stream ended as the handler meant it to (False
        too when the client went away)."""
        count = 0
        while True:
            try:
                item = await anext(iterator)
            except StopAsyncIteration:
                return True
            except Exception:
                logger.exception(
                    "%s: the handler failed after item %d: stream ended", self._name, count
                )
                return False
            count += 1
            try:
                frame = self._frame(item)
            except Exception:
                logger.exception("%s: item %d breaks its schema: stream ended", self._name, count)
                return False
            async with self._lock:
                try:
                    await send({"type": "http.response.body", "body": frame, "more_body": True})
                except OSError:
                    return False
                self._last_sent = anyio.current_time()

    async def _keep_alive(self, send: Send, comment: bytes, scope: anyio.CancelScope) -> None:
        while True:
            idle = anyio.current_time() - self._last_sent
            if idle < self._keepalive_seconds:
                await anyio.sleep(self._keepalive_seconds - idle)
                continue
            async with self._lock:
                try:
                    await send({"type": "http.response.body", "body": comment, "more_body": True})
                except OSError:  # the client went away
                    scope.cancel()
                    return
                self._last_sent = anyio.current_time()


async def _cancel_on_disconnect(receive: Receive, scope: anyio.CancelScope) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass  # the rest of a request body nobody read
    scope.cancel()


async def _close(iterator: AsyncIterator[Any]) -> None:
    close = getattr(iterator, "aclose", None)
    if close is not None:
        await close()
