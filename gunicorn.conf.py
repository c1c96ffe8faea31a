"""Gunicorn settings for the production command: `gunicorn --config gunicorn.conf.py`, which
both `make serve` and the Dockerfile run.

Environment: HOST and PORT (as for `make run`), WEB_CONCURRENCY (worker processes, as Gunicorn
and hosting platforms name it), plus the service's own settings (README, "Settings").

FORWARDED_ALLOW_IPS is read by Gunicorn itself (its `forwarded_allow_ips`; default
`127.0.0.1,::1`) and handed by the Uvicorn worker to Uvicorn's proxy-headers middleware: only
connections from these addresses (or networks, `10.0.0.0/8`) may set the client address with
X-Forwarded-For, whose rightmost address that is not among them is taken. Behind a reverse
proxy, set it to the proxy's address (deploy/nginx/api.conf.template); never to `*` where
clients can reach the instances directly, or any client picks the address the login limit
counts.
"""

import os
from typing import Any

from service.db.migrate import MigrationRefusedError, migrate
from service.settings import SettingsError, load_settings

# Gunicorn and hosting platforms size the worker pool from WEB_CONCURRENCY. Without it:
# 2 x cores + 1 (Gunicorn's rule of thumb), capped, since each worker holds its own pool of
# database connections and PostgreSQL's default max_connections is 100.
MAX_DEFAULT_WORKERS = 8

wsgi_app = "service.main:app"
worker_class = "uvicorn_worker.UvicornWorker"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
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
