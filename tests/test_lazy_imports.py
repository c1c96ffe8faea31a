"""Packages the service imports only when its settings need them, or never: each costs every
worker memory (measured under make bench: redis about 15 MiB, Alembic about 5 MiB), and
prometheus_client and OpenTelemetry's SDK would also mean time spent on every request."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The app is built, not started: nothing connects to these.
POSTGRESQL = "postgresql+asyncpg://nobody@127.0.0.1:1/none"
REDIS = "redis://127.0.0.1:1/0"
COLLECTOR = "http://127.0.0.1:1"
# FastAPI itself imports OpenTelemetry's API (for its own telemetry, which the service keeps
# off); the service's traces need these besides.
OPENTELEMETRY_FOR_TRACES = {
    "opentelemetry.sdk",
    "opentelemetry.exporter",
    "opentelemetry.instrumentation",
}
WATCHED = {"redis", "alembic", "prometheus_client", *OPENTELEMETRY_FOR_TRACES}


def build_the_app(
    *, start: bool = False, environment: dict[str, str] | None = None, **settings: str
) -> dict[str, Any]:
    """What a fresh process holds after create_app(Settings(...)), and after running its
    start-up too when `start`: `loaded`, the watched packages it imported, and
    `tracer_provider`, the class of OpenTelemetry's global one. The process sees no OTEL_*
    variable but those of `environment`."""
    probe = (
        "import asyncio, json, sys\n"
        "from opentelemetry import trace\n"
        "from service.app import create_app\n"
        "from service.settings import Settings\n"
        f"app = create_app(Settings(**{settings!r}))\n"
        "async def start_and_stop():\n"
        "    async with app.router.lifespan_context(app):\n"
        "        pass\n"
        f"if {start!r}:\n"
        "    asyncio.run(start_and_stop())\n"
        "names = {m.split('.')[0] for m in sys.modules}\n"
        "names |= {'.'.join(m.split('.')[:2]) for m in sys.modules}\n"
        "print(json.dumps({\n"
        f"    'loaded': sorted(names & {WATCHED!r}),\n"
        "    'tracer_provider': type(trace.get_tracer_provider()).__name__,\n"
        "}))"
    )
    inherited = {name: value for name, value in os.environ.items() if not name.startswith("OTEL_")}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=inherited | (environment or {}),
        capture_output=True,
        text=True,
        check=True,
    )
    built: dict[str, Any] = json.loads(result.stdout)
    return built


def loaded_by_building_the_app(
    *, start: bool = False, environment: dict[str, str] | None = None, **settings: str
) -> set[str]:
    return set(build_the_app(start=start, environment=environment, **settings)["loaded"])


def test_a_service_on_postgresql_without_redis_loads_neither() -> None:
    assert loaded_by_building_the_app(database_url=POSTGRESQL) == set()


def test_the_login_limiter_loads_redis_only_with_a_redis_url() -> None:
    loaded = loaded_by_building_the_app(database_url=POSTGRESQL, redis_url=REDIS)
    # (redis imports part of OpenTelemetry's SDK itself, for metrics of its own.)
    assert loaded - {"opentelemetry.sdk"} == {"redis"}


def test_metrics_load_prometheus_client_only_with_a_metrics_port() -> None:
    # Built, not started: the app's lifespan would serve the metrics on that port.
    loaded = loaded_by_building_the_app(database_url=POSTGRESQL, metrics_port="9100")
    assert loaded == {"prometheus_client"}


def test_the_service_never_loads_alembic_even_on_a_new_sqlite_file(tmp_path: Path) -> None:
    # The commands that start it migrate (make run, Gunicorn's master); the service only looks.
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'service.db'}"
    assert loaded_by_building_the_app(start=True, database_url=database_url) == set()


def test_without_an_otlp_endpoint_no_tracing_is_loaded_or_installed(tmp_path: Path) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'service.db'}"
    assert build_the_app(start=True, database_url=database_url) == {
        "loaded": [],
        "tracer_provider": "ProxyTracerProvider",  # the API's own: nothing installed
    }


def test_traces_switched_off_by_the_standard_variables_load_nothing() -> None:
    for switched_off in ({"OTEL_SDK_DISABLED": "true"}, {"OTEL_TRACES_EXPORTER": "none"}):
        environment = {"OTEL_EXPORTER_OTLP_ENDPOINT": COLLECTOR} | switched_off
        assert build_the_app(environment=environment, database_url=POSTGRESQL) == {
            "loaded": [],
            "tracer_provider": "ProxyTracerProvider",
        }, switched_off


def test_an_otlp_endpoint_loads_and_installs_the_sdk() -> None:
    environment = {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": f"{COLLECTOR}/v1/traces"}
    assert build_the_app(environment=environment, database_url=POSTGRESQL) == {
        "loaded": sorted(OPENTELEMETRY_FOR_TRACES),
        "tracer_provider": "TracerProvider",
    }
