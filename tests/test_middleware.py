"""The service's middleware, in the order requests meet them (service/middleware.py says why
each is where it is): a change of the order fails here first."""

from pathlib import Path

from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from service.app import create_app
from service.client_address import RememberClientAddress
from service.cors import ContractCORS
from service.db.middleware import TransactionPerRequest
from service.metrics import RequestMetrics
from service.request_log import RequestLog
from service.tracing import TraceRequests
from specfirst.runtime.body_limit import BodySizeLimit
from tests.support.serving import make_settings


def stack(tmp_path: Path, *, traced: bool = False, **settings: object) -> list[object]:
    span_processor = SimpleSpanProcessor(InMemorySpanExporter()) if traced else None
    app = create_app(
        make_settings(f"sqlite+aiosqlite:///{tmp_path / 'db'}", **settings),
        span_processor=span_processor,
    )
    return [entry.cls for entry in app.user_middleware]  # outermost first


def test_the_order_requests_meet_them(tmp_path: Path) -> None:
    assert stack(tmp_path) == [
        RequestLog,
        RememberClientAddress,
        BodySizeLimit,
        TransactionPerRequest,
    ]


def test_cors_wraps_everything_but_the_request_log(tmp_path: Path) -> None:
    assert stack(tmp_path, cors_allow_origins="https://app.example.com") == [
        RequestLog,
        ContractCORS,
        RememberClientAddress,
        BodySizeLimit,
        TransactionPerRequest,
    ]


def test_traces_wrap_everything_but_the_request_log(tmp_path: Path) -> None:
    assert stack(tmp_path, traced=True, cors_allow_origins="https://app.example.com") == [
        RequestLog,
        TraceRequests,
        ContractCORS,
        RememberClientAddress,
        BodySizeLimit,
        TransactionPerRequest,
    ]


def test_metrics_wrap_everything(tmp_path: Path) -> None:
    settings = {"cors_allow_origins": "https://app.example.com", "metrics_port": 9100}
    assert stack(tmp_path, traced=True, **settings) == [
        RequestMetrics,
        RequestLog,
        TraceRequests,
        ContractCORS,
        RememberClientAddress,
        BodySizeLimit,
        TransactionPerRequest,
    ]
