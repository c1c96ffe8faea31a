"""Gunicorn settings for the production command: `gunicorn --config gunicorn.conf.py`, which
both `make serve` and the Dockerfile run.

Environment: HOST and PORT (as for `make run`), WEB_CONCURRENCY (worker processes, as Gunicorn
and hosting platforms name it), plus the service's own settings (README, "Settings"), and
PROMETHEUS_MULTIPROC_DIR with METRICS_PORT (where workers keep their metrics; README, "Metrics").

FORWARDED_ALLOW_IPS is read by Gunicorn itself (its `forwarded_allow_ips`; default
`127.0.0.1,::1`) and handed by the Uvicorn worker to Uvicorn's proxy-headers middleware: only
connections from these addresses (or networks, `10.0.0.0/8`) may set the client address with
X-Forwarded-For, whose rightmost address that is not among them is taken. Behind a reverse
proxy, set it to the proxy's address (deploy/nginx/api.conf.template); never to `*` where
clients can reach the instances directly, or any client picks the address the login limit
counts.
"""

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from service.db.migrate import MigrationRefusedError, migrate
from service.settings import SettingsError, load_settings

# Gunicorn and hosting platforms size the worker pool from WEB_CONCURRENCY. Without it:
# 2 x cores + 1 (Gunicorn's rule of thumb), capped, since each worker holds its own pool of
# database connections and PostgreSQL's default max_connections is 100.
MAX_DEFAULT_WORKERS = 8

wsgi_app = "service.main:app"
worker_class = "uvicorn_worker.UvicornWorker"
HOST = os.environ.get("HOST", "127.0.0.1")  # the API's address, and the metrics'
bind = f"{HOST}:{os.environ.get('PORT', '8000')}"
# (Set, it must be a positive integer: Gunicorn itself parses it when it starts.)
workers = int(
    os.environ.get("WEB_CONCURRENCY") or min(2 * (os.cpu_count() or 1) + 1, MAX_DEFAULT_WORKERS)
)
# A worker silent this long is killed and replaced.
timeout = 30
# On SIGTERM, in-flight requests get this long to finish before workers are stopped.
graceful_timeout = 30
keepalive = 5
# Requests are logged by the application, as JSON with the path template and the user; the
# server's own access log would be a second, less informative line per request.
accesslog = None
# Gunicorn's own lines (start, workers, signals) as JSON too, like the service's.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "service.logs.json_formatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {"gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True}},
}
# Gunicorn 27's control socket (in the user's home) is not used here, and a container's
# non-root user has no home to put it in.
control_socket_disable = True


def on_starting(server: Any) -> None:  # gunicorn.arbiter.Arbiter (gunicorn has no types)
    """Once, in the master, before any worker starts: the schema is brought up to date here,
    so workers never race each other to migrate."""
    try:
        settings = load_settings()
    except SettingsError as error:
        raise SystemExit(str(error)) from None
    try:
        migrate(settings.database_url, pooler=settings.database_pooler)
    except MigrationRefusedError as refused:
        raise SystemExit(f"database schema: {refused}") from None
    server.log.info("database schema: at the latest migration")
    if settings.metrics_port is not None:
        _serve_workers_metrics(settings.metrics_port)
        server.log.info("metrics: on %s:%d", HOST, settings.metrics_port)


# prometheus_client's multiprocess mode: every worker writes its values to files in this
# directory, and the master serves their sum (service.metrics_exposition).
METRICS_DIRECTORY = "PROMETHEUS_MULTIPROC_DIR"
# The directory the master made for them, removed when it exits.
_created_metrics_directory: str | None = None


def _serve_workers_metrics(port: int) -> None:
    global _created_metrics_directory
    directory = os.environ.get(METRICS_DIRECTORY)
    if directory:
        # Values of an earlier run would be added to this one's.
        Path(directory).mkdir(parents=True, exist_ok=True)
        for stale in Path(directory).glob("*.db"):
            stale.unlink()
    else:
        directory = _created_metrics_directory = tempfile.mkdtemp(prefix="service-metrics-")
    # Before prometheus_client is imported anywhere: it chooses where values go at import, and
    # workers, forked from this process, inherit both the variable and the imported modules.
    os.environ[METRICS_DIRECTORY] = directory
    from service.metrics_exposition import serve_workers_metrics

    serve_workers_metrics(HOST, port)


def child_exit(_server: Any, worker: Any) -> None:
    """In the master, after a worker exited: its live gauges (requests in flight, connections in
    use) are dropped from the sums."""
    if os.environ.get(METRICS_DIRECTORY):
        from service.metrics_exposition import forget_worker

        forget_worker(worker.pid)


def on_exit(_server: Any) -> None:
    if _created_metrics_directory is not None:
        shutil.rmtree(_created_metrics_directory, ignore_errors=True)
