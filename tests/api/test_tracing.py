"""Traces: one server span per request, named after its operation, with the database's spans
beneath it, on both databases; spans are kept in memory (no collector, no network)."""

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from service.app import create_app
from service.settings import Settings
from tests.support.serving import make_settings, serving

pytestmark = pytest.mark.anyio

# A W3C traceparent (version, trace id, parent span id, flags: sampled), as a caller sends it.
CALLER_TRACE_ID = 0x4BF92F3577B34DA6A3CE929D0E0E4736
CALLER_SPAN_ID = 0x00F067AA0BA902B7
TRACEPARENT = f"00-{CALLER_TRACE_ID:032x}-{CALLER_SPAN_ID:016x}-01"


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    yield exporter
    exporter.shutdown()


def server_spans(exporter: InMemorySpanExporter) -> list[ReadableSpan]:
    return [span for span in exporter.get_finished_spans() if span.kind is SpanKind.SERVER]


async def test_a_request_is_one_server_span_with_the_database_spans_beneath_it(
    settings: Settings, spans: InMemorySpanExporter
) -> None:
    app = create_app(settings, span_processor=SimpleSpanProcessor(spans))
    async with serving(app) as client:
        spans.clear()  # the start-up's look at the schema: database spans of no request
        response = await client.get("/products/?limit=5", headers={"X-Request-ID": "req-7"})
    assert response.status_code == 200

    [server] = server_spans(spans)
    assert server.name == "list_products"
    assert server.attributes is not None
    assert dict(server.attributes) == {
        "http.request.method": "GET",
        "http.route": "/products/",
        "http.response.status_code": 200,
        "url.scheme": "http",
        "url.path": "/products/",
        "network.protocol.version": "1.1",
        "request_id": "req-7",
    }
    assert server.status.status_code is StatusCode.UNSET
    assert server.context is not None
    database_spans = [
        span
        for span in spans.get_finished_spans()
        if span.kind is SpanKind.CLIENT and span.attributes and "db.system" in span.attributes
    ]
    assert database_spans, [span.name for span in spans.get_finished_spans()]
    for span in database_spans:
        assert span.context is not None
        assert span.parent is not None
        assert span.context.trace_id == server.context.trace_id
        assert span.parent.span_id == server.context.span_id


async def test_the_callers_traceparent_is_the_server_spans_parent(
    settings: Settings, spans: InMemorySpanExporter
) -> None:
    app = create_app(settings, span_processor=SimpleSpanProcessor(spans))
    async with serving(app) as client:
        await client.get("/", headers={"traceparent": TRACEPARENT})
        await client.get("/", headers={"traceparent": "00-not-a-trace-context-01"})

    continued, fresh = server_spans(spans)
    assert continued.name == fresh.name == "read_root"
    assert continued.context is not None
    assert continued.parent is not None
    assert continued.context.trace_id == CALLER_TRACE_ID
    assert continued.parent.span_id == CALLER_SPAN_ID
    assert continued.parent.is_remote
    # A malformed traceparent is ignored: a trace of its own.
    assert fresh.parent is None
    assert fresh.context is not None
    assert fresh.context.trace_id != CALLER_TRACE_ID


async def test_unmatched_requests_get_bounded_names(
    settings: Settings, spans: InMemorySpanExporter
) -> None:
    app = create_app(settings, span_processor=SimpleSpanProcessor(spans))
    async with serving(app) as client:
        not_found = await client.get("/no/such/path/1234")
        not_allowed = await client.delete("/")
        odd_method = await client.request("BREW", "/coffee/5678")
    assert [not_found.status_code, not_allowed.status_code, odd_method.status_code] == [
        404,
        405,
        404,
    ]

    named = [(span.name, (span.attributes or {}).get("http.route")) for span in server_spans(spans)]
    # No path (which a client chooses) in a name: the method, and the template when one matched.
    assert named == [("GET", None), ("DELETE /", "/"), ("HTTP", None)]
    odd = server_spans(spans)[2].attributes or {}
    assert odd["http.request.method"] == "_OTHER"
    assert odd["http.request.method_original"] == "BREW"
    assert all(span.status.status_code is StatusCode.UNSET for span in server_spans(spans))


async def test_a_5xx_answer_is_an_error_span(spans: InMemorySpanExporter) -> None:
    # Nothing listens on port 1: every data operation answers 503.
    settings = make_settings("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    app = create_app(settings, span_processor=SimpleSpanProcessor(spans))
    async with serving(app) as client:
        response = await client.get("/products/1")
    assert response.status_code == 503

    [server] = server_spans(spans)
    assert server.name == "read_product"
    assert server.status.status_code is StatusCode.ERROR
    assert server.attributes is not None
    assert server.attributes["http.response.status_code"] == 503
    assert server.attributes["error.type"] == "503"
