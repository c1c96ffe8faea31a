"""Traces as the standard OTEL_* variables configure them: the switch, the exporter's endpoint,
the resource and the sampler, read without sending anything anywhere."""

import logging
from pathlib import Path

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from service.app import create_app
from service.tracing import otlp_span_processor, service_resource, warn_about_unsupported_exporters
from service.tracing_switch import tracing_requested
from tests.support.serving import make_settings, serving

ENDPOINT = "http://collector.example:4318"


@pytest.mark.parametrize(
    ("environment", "requested"),
    [
        ({}, False),
        ({"OTEL_SERVICE_NAME": "api", "OTEL_TRACES_SAMPLER": "always_on"}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": " "}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": ENDPOINT}, True),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": f"{ENDPOINT}/v1/traces"}, True),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": ENDPOINT, "OTEL_SDK_DISABLED": "true"}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": ENDPOINT, "OTEL_SDK_DISABLED": " TRUE "}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": ENDPOINT, "OTEL_SDK_DISABLED": "false"}, True),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": ENDPOINT, "OTEL_TRACES_EXPORTER": "none"}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": ENDPOINT, "OTEL_TRACES_EXPORTER": "otlp"}, True),
    ],
)
def test_the_switch(environment: dict[str, str], requested: bool) -> None:
    assert tracing_requested(environment) is requested


@pytest.mark.parametrize(
    ("variable", "value", "sent_to"),
    [
        ("OTEL_EXPORTER_OTLP_ENDPOINT", ENDPOINT, f"{ENDPOINT}/v1/traces"),
        ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", f"{ENDPOINT}/t", f"{ENDPOINT}/t"),
    ],
)
def test_spans_are_sent_where_the_endpoint_says(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, sent_to: str
) -> None:
    monkeypatch.setenv(variable, value)
    processor = otlp_span_processor()
    try:
        exporter = processor.span_exporter
        assert isinstance(exporter, OTLPSpanExporter)
        # The exporter has no public accessor for the URL it posts to.
        assert exporter._endpoint == sent_to
    finally:
        # Stops its thread; nothing was queued, so nothing is sent. (The SDK leaves it untyped.)
        processor.shutdown()  # type: ignore[no-untyped-call]


def test_the_service_name_is_the_contracts_unless_the_variables_name_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OTEL_SERVICE_NAME", raising=False)
    monkeypatch.setenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=staging")
    attributes = service_resource("products-api").attributes
    assert attributes["service.name"] == "products-api"
    assert attributes["deployment.environment.name"] == "staging"

    monkeypatch.setenv("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes")
    assert service_resource("products-api").attributes["service.name"] == "from-attributes"
    monkeypatch.setenv("OTEL_SERVICE_NAME", "catalogue")
    assert service_resource("products-api").attributes["service.name"] == "catalogue"


def test_an_exporter_the_service_lacks_is_named_at_start(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="service.tracing"):
        warn_about_unsupported_exporters({"OTEL_TRACES_EXPORTER": "otlp"})
        assert caplog.records == []
        warn_about_unsupported_exporters({"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"})
        warn_about_unsupported_exporters({"OTEL_TRACES_EXPORTER": "zipkin"})
    assert ["grpc" in r.getMessage() for r in caplog.records] == [True, False]
    assert "zipkin" in caplog.records[1].getMessage()


@pytest.mark.anyio
async def test_the_sampler_variables_are_the_sdks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'service.db'}")
    recorded = []
    for sampler in ("always_on", "always_off"):
        monkeypatch.setenv("OTEL_TRACES_SAMPLER", sampler)
        spans = InMemorySpanExporter()
        app = create_app(settings, span_processor=SimpleSpanProcessor(spans))
        async with serving(app) as client:
            assert (await client.get("/")).status_code == 200
        recorded.append(
            [span.name for span in spans.get_finished_spans() if span.kind is SpanKind.SERVER]
        )
    assert recorded == [["read_root"], []]
