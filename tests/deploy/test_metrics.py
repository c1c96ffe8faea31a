"""Metrics under the production command for real: Gunicorn with two workers, each writing its
values to files of a directory the master made, and the master serving their sum on
METRICS_PORT."""

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx
from prometheus_client.multiprocess import MultiProcessCollector

from tests.support.metrics import EXPOSITION_MEDIA_TYPE, scrape, total
from tests.support.processes import GUNICORN, free_port, running_server, service_environment

BATCH = 20  # requests sent at once, each on a connection of its own
MAX_REQUESTS = 200


def with_metrics(tmp_path: Path, **variables: str) -> tuple[dict[str, str], str, str]:
    """The environment of the production command, two workers, on a SQLite file in `tmp_path`
    with METRICS_PORT set (and `variables`); the API's base URL and the metrics'."""
    metrics_port = free_port()
    env = service_environment(
        f"sqlite+aiosqlite:///{tmp_path / 'service.db'}",
        HOST="127.0.0.1",
        PORT=str(free_port()),
        WEB_CONCURRENCY="2",
        METRICS_PORT=str(metrics_port),
        **variables,
    )
    return env, f"http://127.0.0.1:{env['PORT']}", f"http://127.0.0.1:{metrics_port}"


def hello(base_url: str) -> int:
    return httpx.get(f"{base_url}/", timeout=10).status_code


def hellos_by_worker(directory: Path) -> dict[int, float]:
    """The `GET /` each worker process counted, from its own file (counter_<pid>.db)."""
    counted = {}
    for path in directory.glob("counter_*.db"):
        families = MultiProcessCollector.merge([str(path)])  # type: ignore[no-untyped-call]
        samples = [sample for family in families for sample in family.samples]
        pid = int(path.stem.removeprefix("counter_"))
        counted[pid] = total(samples, "http_requests_total", operation="read_root")
    return counted


def test_every_workers_requests_are_counted_on_the_metrics_port(tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"  # where the master makes its directory (tempfile)
    temporary.mkdir()
    env, api, metrics = with_metrics(tmp_path, TMPDIR=str(temporary))
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with running_server(GUNICORN, env, tmp_path / "serve.log"):
        [directory] = temporary.iterdir()
        sent = 0
        # Until both workers have answered some (which one accepts a connection is the
        # kernel's choice), bounded.
        while sent < MAX_REQUESTS and sum(n > 0 for n in hellos_by_worker(directory).values()) < 2:
            with ThreadPoolExecutor(max_workers=8) as threads:
                statuses = list(threads.map(lambda _: hello(api), range(BATCH)))
            assert statuses == [200] * BATCH
            sent += BATCH

        by_worker = hellos_by_worker(directory)
        assert len(by_worker) == 2
        assert all(count > 0 for count in by_worker.values())
        assert sum(by_worker.values()) == sent
        samples = scrape(f"{metrics}/metrics")
        assert total(samples, "http_requests_total", operation="read_root", status="200") == sent
        assert total(samples, "http_request_duration_seconds_count", operation="read_root") == sent
        assert total(samples, "http_requests_in_flight") == 0

        # The API's port serves the contract only; the metrics port, metrics only.
        not_there = httpx.get(f"{api}/metrics", timeout=10)
        assert not_there.status_code == 404
        assert not_there.headers["content-type"] == "application/problem+json"
        assert not_there.json()["status"] == 404
        for path in ("/", "/readyz", "/products/"):
            response = httpx.get(f"{metrics}{path}", timeout=10)
            assert response.headers["content-type"].split(";")[0] == EXPOSITION_MEDIA_TYPE
    assert not directory.exists()  # removed by the master as it exits


def leave_an_earlier_runs_count(directory: Path, hellos: int) -> None:
    """Files as an earlier run leaves them: `hellos` GET / counted by a process now gone."""
    earlier_run = (
        "from prometheus_client import Counter\n"
        "requests = Counter('http_requests', 'earlier', ['operation', 'status'])\n"
        f"requests.labels('read_root', '200').inc({hellos})\n"
    )
    variables = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    subprocess.run([sys.executable, "-c", earlier_run], env=variables, check=True)


def test_a_given_directory_starts_empty_and_a_dead_workers_gauges_leave_it(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "metrics"
    directory.mkdir()
    leave_an_earlier_runs_count(directory, hellos=1000)
    assert list(directory.glob("counter_*.db"))
    env, api, metrics = with_metrics(tmp_path, PROMETHEUS_MULTIPROC_DIR=str(directory))
    with running_server(GUNICORN, env, tmp_path / "serve.log"):
        for _ in range(BATCH):
            assert hello(api) == 200
        assert (
            total(scrape(f"{metrics}/metrics"), "http_requests_total", operation="read_root")
            == BATCH
        )

        workers = sorted(hellos_by_worker(directory))
        assert len(workers) == 2
        dead_workers_gauges = directory / f"gauge_livesum_{workers[0]}.db"
        assert dead_workers_gauges.exists()
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while dead_workers_gauges.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not dead_workers_gauges.exists()  # forgotten by the master (child_exit)
        # Its requests still count: counters and histograms outlive their process.
        assert (
            total(scrape(f"{metrics}/metrics"), "http_requests_total", operation="read_root")
            == BATCH
        )
