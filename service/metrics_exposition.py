"""Serving the metrics (service.metrics) on METRICS_PORT, a port of their own: the API's port
serves exactly the contract.

- One process (`make run`, uvicorn alone): it serves its own registry, on 127.0.0.1, from a
  thread its lifespan starts and stops (`serve_own_metrics`).
- Gunicorn: each worker writes its values to files in PROMETHEUS_MULTIPROC_DIR (set by the
  master before any worker imports prometheus_client, gunicorn.conf.py), and the master
  serves the sum of every worker's (`serve_workers_metrics`), forgetting the gauges of a
  worker that exits (`forget_worker`). A worker does not serve.
"""

import os
from collections.abc import Callable
from typing import Final

from prometheus_client import REGISTRY, CollectorRegistry, multiprocess, start_http_server
from prometheus_client.registry import Collector

MULTIPROCESS_DIRECTORY: Final = "PROMETHEUS_MULTIPROC_DIR"


def in_multiprocess_mode() -> bool:
    """Whether this process's values go to PROMETHEUS_MULTIPROC_DIR for another to serve."""
    return MULTIPROCESS_DIRECTORY in os.environ


def serve_own_metrics(port: int) -> Callable[[], None]:
    """Serve this process's metrics on 127.0.0.1:`port`; returns what stops the server."""
    return _serve(REGISTRY, host="127.0.0.1", port=port)


def serve_workers_metrics(host: str, port: int) -> Callable[[], None]:
    """Serve the sum of every process's files in PROMETHEUS_MULTIPROC_DIR on `host:port`;
    returns what stops the server."""
    registry = CollectorRegistry()
    # (prometheus_client's multiprocess module has no type hints.)
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return _serve(registry, host=host, port=port)


def forget_worker(pid: int) -> None:
    """Drop an exited worker's live gauges (in flight, connections in use): they were its own.
    Its counters and histograms stay in the sums."""
    multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]


def _serve(registry: Collector, *, host: str, port: int) -> Callable[[], None]:
    # prometheus_client's own server: a daemon thread answering scrapes, apart from the event loop.
    server, thread = start_http_server(port, addr=host, registry=registry)

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join()

    return stop
