"""Streamed responses (runtime/streams.py) through a generated binding, served by a real
uvicorn: one frame per item, each sent as it comes; whole events and events of data; JSON
Lines and JSON sequences chosen by Accept; a keep-alive comment on an idle event stream; the
handler's iterator closed when the client goes away; an item its schema does not describe
ends the stream, logged, and never reaches the client."""

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterable, AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any, get_type_hints

import httpx2 as httpx
import pytest
import uvicorn
from fastapi import FastAPI
from mypy import api as mypy_api
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from specfirst.runtime.responses import ServerSentEvent
from specfirst.runtime.streams import KEEPALIVE_COMMENT, StreamedResponse
from tests.specfirst.generated import generated_package
from tests.support.processes import free_port

EVENT_STREAM = "text/event-stream"
TOKEN = {
    "type": "object",
    "required": ["token"],
    "properties": {"token": {"type": "string", "maxLength": 8}},
}
PROGRESS = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "event": {"type": "string", "enum": ["progress", "done"]},
        "id": {"type": "string"},
        "retry": {"type": "integer", "minimum": 0},
        "data": {"type": "string"},
    },
}
LINE = {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}
MODE = {
    "name": "mode",
    "in": "query",
    "required": True,
    "schema": {"type": "string", "enum": ["three", "endless", "invalid", "failing", "text"]},
}


def streamed(operation_id: str, content: dict[str, Any], **operation: Any) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "tags": ["streams"],
            "responses": {"200": {"description": "a stream", "content": content}},
            **operation,
        }
    }


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "streams", "version": "1"},
    "paths": {
        "/tokens": streamed("tokens", {EVENT_STREAM: {"schema": TOKEN}}, parameters=[MODE]),
        "/ticks": streamed("ticks", {EVENT_STREAM: {"schema": {"type": "string"}}}),
        "/progress": streamed("progress", {EVENT_STREAM: {"schema": PROGRESS}}),
        "/export": streamed(
            "export", {"application/jsonl": {"schema": {"type": "string", "format": "binary"}}}
        ),
        "/lines": streamed(
            "lines",
            {"application/x-ndjson": {"schema": LINE}, "application/json-seq": {"schema": LINE}},
        ),
    },
}


class StreamHandlers:
    """The handlers: what each stream yields, and what became of it."""

    def __init__(self, package: ModuleType) -> None:
        self.package = package
        self.closed = threading.Event()  # set by the endless stream's `finally`
        self.sent = 0

    async def tokens(self, *, mode: str) -> Any:
        models, responses = self.package.models, self.package.responses

        async def three() -> AsyncIterator[Any]:
            yield models.Tokens200Body(token="one")
            yield ServerSentEvent(models.Tokens200Body(token="two"), event="token", id="2")
            yield ServerSentEvent(models.Tokens200Body(token="three"), retry=1500)

        async def endless() -> AsyncIterator[Any]:
            try:
                while True:
                    self.sent += 1
                    yield models.Tokens200Body(token=str(self.sent))
                    await asyncio.sleep(0.01)
            finally:
                self.closed.set()

        async def invalid() -> AsyncIterator[Any]:
            yield models.Tokens200Body(token="fine")
            # Built past validation, as a handler might by mistake: longer than maxLength 8.
            yield models.Tokens200Body.model_construct(token="far too long a token")

        async def failing() -> AsyncIterator[Any]:
            yield models.Tokens200Body(token="fine")
            raise RuntimeError("the model went away")

        items = {"three": three, "endless": endless, "invalid": invalid, "failing": failing}
        return responses.Tokens200Response(body=items[mode]())

    async def ticks(self) -> Any:
        models = self.package.models

        async def ticks() -> AsyncIterator[Any]:
            yield models.Ticks200Body("first line\nsecond line")
            yield models.Ticks200Body("")

        return self.package.responses.Ticks200Response(body=ticks())

    async def progress(self) -> Any:
        models = self.package.models

        async def progress() -> AsyncIterator[Any]:
            yield models.Progress200Body(event="progress", id="1", data='{"percent": 50}')
            yield models.Progress200Body(event="done", id="2", retry=0, data="over")

        return self.package.responses.Progress200Response(body=progress())

    async def export(self) -> Any:
        async def chunks() -> AsyncIterator[bytes]:
            yield b'{"n": 1}\n{"n"'
            yield b": 2}\n"

        return self.package.responses.Export200Response(body=chunks())

    async def lines(self) -> Any:
        models = self.package.models

        async def lines() -> AsyncIterator[Any]:
            for n in range(3):
                yield models.Lines200BodyXNdjson(n=n)

        async def sequence() -> AsyncIterator[Any]:
            for n in range(2):
                yield models.Lines200BodyJsonSeq(n=n)

        return self.package.responses.Lines200Response(x_ndjson=lines(), json_seq=sequence())


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """`app` served by uvicorn on a free port of 127.0.0.1, in a thread; its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            threading.Event().wait(0.01)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = server.force_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(SPEC, tmp_path_factory.mktemp("streams")) as package:
        yield package


@pytest.fixture(scope="module")
def handlers(package: ModuleType) -> StreamHandlers:
    return StreamHandlers(package)


@pytest.fixture(scope="module")
def base_url(package: ModuleType, handlers: StreamHandlers) -> Iterator[str]:
    app = FastAPI()
    package.routes.bind_routes(app.router, streams=handlers)
    with serving(app) as url:
        yield url


def read_lines(url: str, into: list[str]) -> None:
    """The lines of a streamed response, as they come, into `into` (what came before an
    error stays there)."""
    with httpx.stream("GET", url, timeout=10) as response:
        for line in response.iter_lines():
            into += [line] if line else []


def events(text: str) -> list[dict[str, str]]:
    """The frames of an event stream, each field by name (data lines joined with a newline)."""
    parsed = []
    for frame in text.split("\n\n"):
        if not frame:
            continue
        fields: dict[str, str] = {}
        for line in frame.split("\n"):
            name, _, value = line.partition(": ")
            fields[name] = f"{fields[name]}\n{value}" if name in fields else value
        parsed.append(fields)
    return parsed


def test_an_event_stream_sends_one_event_per_item(base_url: str) -> None:
    response = httpx.get(f"{base_url}/tokens", params={"mode": "three"}, timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"] == EVENT_STREAM
    assert response.headers["cache-control"] == "no-cache"
    assert "content-length" not in response.headers
    assert events(response.text) == [
        {"data": '{"token":"one"}'},
        {"event": "token", "id": "2", "data": '{"token":"two"}'},
        {"retry": "1500", "data": '{"token":"three"}'},
    ]


def test_text_data_is_sent_as_text_one_data_line_per_line(base_url: str) -> None:
    response = httpx.get(f"{base_url}/ticks", timeout=10)
    assert events(response.text) == [{"data": "first line\nsecond line"}, {"data": ""}]


def test_an_item_schema_of_whole_events_gives_each_field_its_line(base_url: str) -> None:
    response = httpx.get(f"{base_url}/progress", timeout=10)
    assert events(response.text) == [
        {"event": "progress", "id": "1", "data": '{"percent": 50}'},
        {"event": "done", "id": "2", "retry": "0", "data": "over"},
    ]


@pytest.mark.parametrize(
    ("accept", "separator", "count"),
    [("application/x-ndjson", "", 3), ("application/json-seq", "\x1e", 2)],
)
def test_json_lines_and_sequences_one_text_per_item(
    base_url: str, accept: str, separator: str, count: int
) -> None:
    response = httpx.get(f"{base_url}/lines", headers={"Accept": accept}, timeout=10)
    assert response.headers["content-type"] == accept
    lines = response.text.split("\n")
    assert lines[-1] == ""  # each text ends its line
    assert all(line.startswith(separator) for line in lines[:-1])
    assert [json.loads(line.removeprefix(separator)) for line in lines[:-1]] == [
        {"n": n} for n in range(count)
    ]


def test_a_stream_whose_schema_says_bytes_is_the_handlers_bytes(
    package: ModuleType, base_url: str
) -> None:
    hints = get_type_hints(package.responses.Export200Response, vars(package.responses))
    assert hints["body"] == bytes | AsyncIterable[bytes]
    response = httpx.get(f"{base_url}/export", timeout=10)
    assert response.headers["content-type"] == "application/jsonl"
    assert [json.loads(line) for line in response.text.splitlines()] == [{"n": 1}, {"n": 2}]


def test_frames_arrive_while_the_stream_goes_on_and_a_client_that_leaves_closes_it(
    base_url: str, handlers: StreamHandlers
) -> None:
    handlers.closed.clear()
    with httpx.stream(
        "GET", f"{base_url}/tokens", params={"mode": "endless"}, timeout=10
    ) as response:
        lines = response.iter_lines()
        first = next(line for line in lines if line)
        second = next(line for line in lines if line)
    # An endless stream: both frames came before any end, each as it was made.
    assert [
        json.loads(first.removeprefix("data: ")),
        json.loads(second.removeprefix("data: ")),
    ] == [
        {"token": "1"},
        {"token": "2"},
    ]
    assert handlers.closed.wait(timeout=10), "the handler's iterator was not closed"
    sent = handlers.sent
    threading.Event().wait(0.2)
    assert handlers.sent == sent  # nothing more is made for nobody


@pytest.mark.parametrize(
    ("mode", "logged_as"),
    [
        ("invalid", "Tokens200Response: item 2 breaks its schema: stream ended"),
        ("failing", "Tokens200Response: the handler failed after item 1: stream ended"),
    ],
)
def test_a_bad_item_or_a_failing_handler_ends_the_stream_unfinished_and_logged(
    base_url: str, mode: str, logged_as: str, caplog: pytest.LogCaptureFixture
) -> None:
    received: list[str] = []
    # No end of the chunked body: the client knows the stream did not finish.
    with (
        caplog.at_level(logging.ERROR, logger="specfirst.runtime.streams"),
        pytest.raises(httpx.RemoteProtocolError),
    ):
        read_lines(f"{base_url}/tokens?mode={mode}", into=received)
    assert received == ['data: {"token":"fine"}']  # the bad item never reached the client
    logged = [r for r in caplog.records if r.name == "specfirst.runtime.streams"]
    assert [r.getMessage() for r in logged] == [logged_as]


def test_an_idle_event_stream_gets_a_keep_alive_comment() -> None:
    async def slow() -> AsyncIterator[str]:
        await asyncio.sleep(0.35)
        yield "late"

    async def endpoint(_request: Request) -> StreamedResponse:
        return StreamedResponse(
            slow(),
            200,
            [(b"content-type", EVENT_STREAM.encode())],
            lambda item: f"data: {item}\n\n".encode(),
            keepalive=KEEPALIVE_COMMENT,
            keepalive_seconds=0.1,
        )

    with serving(Starlette(routes=[Route("/slow", endpoint)])) as url:
        text = httpx.get(f"{url}/slow", timeout=10).text
    comments = text.count(KEEPALIVE_COMMENT.decode())
    assert 2 <= comments <= 4, text
    assert text.endswith("data: late\n\n")


def test_a_server_sent_event_refuses_a_line_break_in_its_fields() -> None:
    with pytest.raises(ValueError, match="one line"):
        ServerSentEvent("x", id="1\ndata: injected")
    with pytest.raises(ValueError, match="one line"):
        ServerSentEvent("x", event="a\rb")
    with pytest.raises(ValueError, match="negative"):
        ServerSentEvent("x", retry=-1)


TYPED_STREAM = """
from collections.abc import AsyncIterator

from {package} import models, responses
from specfirst.runtime.responses import ServerSentEvent


async def items() -> AsyncIterator[{item_type}]:
    yield {item}


answer = responses.{response}(body=items())
"""


@pytest.mark.parametrize(
    ("response", "item_type", "item", "complaint"),
    [
        ("Tokens200Response", "models.Tokens200Body", "models.Tokens200Body(token='a')", None),
        (
            "Tokens200Response",
            "ServerSentEvent[models.Tokens200Body]",
            "ServerSentEvent(models.Tokens200Body(token='a'), event='token')",
            None,
        ),
        ("Progress200Response", "models.Progress200Body", "models.Progress200Body(data='a')", None),
        # A stream of another schema's items; an event wrapper where items are whole events.
        ("Tokens200Response", "models.Progress200Body", "models.Progress200Body(data='a')", "body"),
        (
            "Progress200Response",
            "ServerSentEvent[models.Progress200Body]",
            "ServerSentEvent(models.Progress200Body(data='a'))",
            "body",
        ),
    ],
)
def test_mypy_holds_a_stream_to_its_item_schema(
    package: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    response: str,
    item_type: str,
    item: str,
    complaint: str | None,
) -> None:
    monkeypatch.setenv("MYPYPATH", str(Path(package.__file__ or "").parents[1]))
    module = tmp_path / "stream_under_test.py"
    module.write_text(
        TYPED_STREAM.format(
            package=package.__name__, item_type=item_type, item=item, response=response
        )
    )
    stdout, stderr, _ = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(module)]
    )
    if complaint is None:
        assert "Success" in stdout, stdout + stderr
    else:
        assert "error" in stdout, stdout + stderr
        assert complaint in stdout, stdout
