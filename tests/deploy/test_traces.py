"""Traces under the production command: Gunicorn's workers send their spans by OTLP over HTTP
to a collector (here, a small one on a free port of 127.0.0.1), and flush them as they stop."""

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx2 as httpx
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from tests.support.processes import GUNICORN, free_port, running_server, service_environment

# One span as the collector received it: service.name, process.pid, span name.
Received = tuple[str, int, str]


@contextmanager
def otlp_collector() -> Iterator[tuple[str, list[Received]]]:
    """A collector accepting OTLP/HTTP traces at its base URL; what it received, in order."""
    received: list[Received] = []

    class Collector(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = ExportTraceServiceRequest()
            request.ParseFromString(self.rfile.read(int(self.headers["Content-Length"])))
            for resource_spans in request.resource_spans:
                resource = _values(resource_spans.resource.attributes)
                service, pid = resource["service.name"], resource["process.pid"]
                # (A failure here answers 500 to the exporter: the test then misses spans.)
                assert isinstance(service, str)
                assert isinstance(pid, int)
                for scope_spans in resource_spans.scope_spans:
                    received.extend(
                        (service, pid, span.name)
                        for span in scope_spans.spans
                        if span.kind == Span.SPAN_KIND_SERVER
                    )
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_arguments: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def _values(attributes: Iterable[KeyValue]) -> dict[str, object]:
    """OTLP's attributes as a dict of plain values."""
    values: dict[str, object] = {}
    for attribute in attributes:
        kind = attribute.value.WhichOneof("value")
        values[attribute.key] = getattr(attribute.value, kind) if kind else None
    return values


def test_each_worker_sends_its_spans_and_flushes_them_at_shutdown(tmp_path: Path) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'service.db'}"
    with otlp_collector() as (endpoint, received):
        env = service_environment(
            database_url,
            HOST="127.0.0.1",
            PORT=str(free_port()),
            WEB_CONCURRENCY="2",
            OTEL_EXPORTER_OTLP_ENDPOINT=endpoint,
            # Batches wait a minute: what arrives was sent by the flush at shutdown.
            OTEL_BSP_SCHEDULE_DELAY="60000",
            # process.pid on the resource: which process sent each span.
            OTEL_EXPERIMENTAL_RESOURCE_DETECTORS="otel,process",
        )
        with running_server(GUNICORN, env, tmp_path / "serve.log") as master:
            with httpx.Client(base_url=f"http://127.0.0.1:{env['PORT']}", timeout=10) as http:
                for _ in range(20):
                    assert http.get("/products/?limit=1").status_code == 200
            assert received == []
        master_pid = master.pid

    listed = [(service, pid) for service, pid, name in received if name == "list_products"]
    assert len(listed) == 20
    assert {service for service, _pid in listed} == {"products-api"}
    assert master_pid not in {pid for _service, pid in listed}
