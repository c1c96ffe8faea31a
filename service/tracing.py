"""Traces with OpenTelemetry: one server span per request, named after its operationId, with
the database's statements as spans beneath it.

Imported only when traces are on (`service.tracing_switch`): the SDK, the OTLP exporter and the
SQLAlchemy instrumentation are large, and a service without traces loads none of them.
FastAPI's own telemetry stays off (`service.app`): its span is named `GET /products/{id}`, not
after the operation, and it records the query string, which may carry secrets.
"""

import logging
import os
import re
from collections.abc import Mapping
from typing import Any, Final

from opentelemetry import propagate, trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, OTELResourceDetector, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import SpanKind, StatusCode
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.request_id import CURRENT_REQUEST_ID

logger = logging.getLogger(__name__)

# The methods HTTP's semantic conventions name; any other is `_OTHER` (a client chooses it).
KNOWN_METHODS: Final = frozenset(
    {"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"}
)
# The exporter this service ships (OTEL_TRACES_EXPORTER's names for it).
OTLP_EXPORTER_NAMES: Final = frozenset({"", "otlp", "otlp_proto_http"})


class Tracing:
    """This process's traces: a tracer provider sending spans to `span_processor`, the
    database engine instrumented while the app runs (`start()`), and the request middleware.
    `shutdown()` sends what is left.

    Build it in the process that serves (under Gunicorn: each worker, as `create_app` runs
    there), since a batching processor sends from a thread of its own.
    """

    def __init__(
        self, engine: AsyncEngine, *, default_service_name: str, span_processor: SpanProcessor
    ) -> None:
        self.provider = TracerProvider(
            resource=service_resource(default_service_name), shutdown_on_exit=False
        )
        self.provider.add_span_processor(span_processor)
        self.middleware = Middleware(TraceRequests, tracer=self.provider.get_tracer(__name__))
        self._engine = engine

    @classmethod
    def set_up(
        cls, engine: AsyncEngine, *, title: str, span_processor: SpanProcessor | None = None
    ) -> "Tracing":
        """The service's traces, named after its contract's `title` as a slug unless
        OTEL_SERVICE_NAME says otherwise. Without `span_processor` (a test's), spans are
        batched and sent by OTLP over HTTP as the OTEL_* variables say (the SDK reads them:
        endpoint, headers, timeout, sampler, resource, batch sizes), and the provider is made
        the global one, for any other instrumentation in the process."""
        service_name = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        if span_processor is not None:
            return cls(engine, default_service_name=service_name, span_processor=span_processor)
        warn_about_unsupported_exporters(os.environ)
        tracing = cls(
            engine, default_service_name=service_name, span_processor=otlp_span_processor()
        )
        trace.set_tracer_provider(tracing.provider)
        return tracing

    def start(self) -> None:
        """Trace the database's statements, from now until `shutdown()` (the app's lifespan:
        the instrumentation is one per process, so an app built but never started, as some
        tests build them, leaves none behind)."""
        # The async engine's statements run on its sync engine, in greenlets that share the
        # request's context: their spans are children of the request's. The instrumentation
        # declares SQLAlchemy < 2.1 and would otherwise do nothing on 2.1; the engine events it
        # listens to are unchanged in 2.1, and tests/api/test_tracing.py checks its spans.
        SQLAlchemyInstrumentor().instrument(
            engine=self._engine.sync_engine, tracer_provider=self.provider, skip_dep_check=True
        )

    def shutdown(self) -> None:
        """Send the spans still buffered (blocking, up to the exporter's timeout) and stop."""
        SQLAlchemyInstrumentor().uninstrument()
        self.provider.shutdown()


def otlp_span_processor() -> BatchSpanProcessor:
    """Spans batched, then sent from a thread of the processor's by OTLP over HTTP, where the
    OTEL_EXPORTER_OTLP_* variables say (the exporter reads them, OTEL_BSP_* the batching)."""
    return BatchSpanProcessor(OTLPSpanExporter())


def service_resource(default_service_name: str) -> Resource:
    """The SDK's resource (OTEL_RESOURCE_ATTRIBUTES, OTEL_SERVICE_NAME, the SDK's own), with
    `default_service_name` as service.name when neither variable names one."""
    return Resource.create({SERVICE_NAME: default_service_name}).merge(
        OTELResourceDetector().detect()
    )


def warn_about_unsupported_exporters(environ: Mapping[str, str]) -> None:
    """Say at start when the variables ask for an exporter this service does not ship."""
    exporters = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    protocol = (
        environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        or environ.get("OTEL_EXPORTER_OTLP_PROTOCOL")
        or "http/protobuf"
    ).strip()
    if exporters not in OTLP_EXPORTER_NAMES or protocol != "http/protobuf":
        logger.warning(
            "traces: OTEL_TRACES_EXPORTER=%s with protocol %s is not available here; "
            "sending by OTLP over HTTP (http/protobuf) instead",
            exporters,
            protocol,
        )


class TraceRequests:
    """ASGI middleware: one SERVER span per HTTP request, continuing the caller's trace
    (a W3C `traceparent`), current while the request runs so that the database's spans are
    its children. Named after the operationId once routing has found it; a request no
    operation matched is named by its method (and route template), never by its path.

    Attributes follow HTTP's semantic conventions, plus the request's id (`request_id`, as
    in its log line): no query string, header or body (they can carry secrets).
    """

    def __init__(self, app: ASGIApp, *, tracer: trace.Tracer) -> None:
        self.app = app
        self.tracer = tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"] if scope["method"] in KNOWN_METHODS else "_OTHER"
        attributes: dict[str, Any] = {
            "http.request.method": method,
            "url.scheme": scope.get("scheme", "http"),  # optional in ASGI, with this default
            "url.path": scope["path"],
            "network.protocol.version": scope["http_version"],
            "request_id": CURRENT_REQUEST_ID.get(),
        }
        if method == "_OTHER":
            attributes["http.request.method_original"] = scope["method"]
        status: int | None = None

        async def send_observing_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        with self.tracer.start_as_current_span(
            "HTTP" if method == "_OTHER" else method,
            context=propagate.extract(_text_headers(scope)),
            kind=SpanKind.SERVER,
            attributes=attributes,
        ) as span:
            try:
                await self.app(scope, receive, send_observing_status)
            except Exception as error:
                # The span records the exception and its ERROR status itself.
                span.set_attribute("error.type", type(error).__qualname__)
                raise
            finally:
                route = scope.get("route")
                template = getattr(route, "path", None)
                if isinstance(template, str):
                    span.set_attribute("http.route", template)
                span.update_name(_span_name(method, route, template))
                if status is not None:
                    span.set_attribute("http.response.status_code", status)
                    if status >= 500:
                        span.set_attribute("error.type", str(status))
                        span.set_status(StatusCode.ERROR)


def _span_name(method: str, route: object, template: object) -> str:
    """The operationId when the request is the operation's (not a 405 on its path); otherwise
    `METHOD template`, or the method alone when no route matched (a 404)."""
    operation_id = getattr(route, "operation_id", None)
    if isinstance(operation_id, str) and method in getattr(route, "methods", ()):
        return operation_id
    prefix = "HTTP" if method == "_OTHER" else method
    return f"{prefix} {template}" if isinstance(template, str) else prefix


def _text_headers(scope: Scope) -> dict[str, str]:
    """The request's headers as the propagator reads them (lower-case names, text values)."""
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}
