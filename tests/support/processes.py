"""Running the service as a real server process (uvicorn or the production Gunicorn command)."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Final

import httpx2 as httpx

from tests.support.serving import TEST_CONFIGURATION

ROOT: Final = Path(__file__).resolve().parents[2]
BIN: Final = Path(sys.executable).parent
# How long a server may take to answer /readyz before its test fails: two Gunicorn instances
# starting at once on this machine's two busy cores took up to 33 s.
READY_TIMEOUT_SECONDS: Final = 60.0
# The production command, as `make serve` and the Dockerfile run it.
GUNICORN: Final = [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def service_environment(database_url: str, **variables: str) -> dict[str, str]:
    """The environment of a service process: a test configuration on `database_url`."""
    configuration = {name.upper(): str(value) for name, value in TEST_CONFIGURATION.items()}
    return os.environ | {
        **configuration,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(32),
        **variables,
    }


@contextmanager
def running_server(
    command: list[str],
    environment: Mapping[str, str],
    log: Path,
    ready_path: str = "/readyz",
    ready_timeout: float = READY_TIMEOUT_SECONDS,
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` running from the project root until `ready_path` answers 200 (within
    `ready_timeout` seconds); stopped with SIGTERM at the end (killed if it does not stop
    within 30 s). Its output goes to `log`.

    It runs in a process group of its own, and signals go to the whole group, so that a
    command run through `make` stops with its server."""
    with _started(command, environment, log) as server:
        wait_until_ready(_base_url(environment) + ready_path, server, ready_timeout)
        yield server


@contextmanager
def running_servers(
    command: list[str], environments: Sequence[Mapping[str, str]], logs: Path
) -> Iterator[list[str]]:
    """Several instances of `command` (one per environment, each with its own HOST and PORT),
    started at the same moment, as a scale-out starts them, until each `/readyz` answers 200;
    their base URLs. Each one's output goes to `logs`/instance-N.log; stopped as running_server
    stops one."""
    with ExitStack() as stack:
        servers = [
            stack.enter_context(_started(command, environment, logs / f"instance-{number}.log"))
            for number, environment in enumerate(environments)
        ]
        base_urls = [_base_url(environment) for environment in environments]
        for base_url, server in zip(base_urls, servers, strict=True):
            wait_until_ready(base_url + "/readyz", server)
        yield base_urls


def _base_url(environment: Mapping[str, str]) -> str:
    return f"http://{environment['HOST']}:{environment['PORT']}"


@contextmanager
def _started(
    command: list[str], environment: Mapping[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as output:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=dict(environment),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield server
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait()


@contextmanager
def running_uvicorn(database_url: str, log: Path, **variables: str) -> Iterator[str]:
    """The service under uvicorn, as `make run` starts it (migrated first), on a free port of
    127.0.0.1, with a test configuration on `database_url` (`variables` override it); its base
    URL."""
    environment = service_environment(
        database_url, HOST="127.0.0.1", PORT=str(free_port()), **variables
    )
    subprocess.run(
        [sys.executable, "-m", "service.db.migrate"],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )
    command = [str(BIN / "uvicorn"), "service.main:app", "--host", "127.0.0.1"]
    with running_server([*command, "--port", environment["PORT"]], environment, log):
        yield f"http://127.0.0.1:{environment['PORT']}"


def wait_until_ready(
    url: str, server: subprocess.Popen[bytes], timeout: float = READY_TIMEOUT_SECONDS
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the service exited with status {server.returncode} at start")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the service was not ready within {timeout:.0f} s")


def on_the_real_clock(environment: Mapping[str, str]) -> dict[str, str]:
    """`environment` without libfaketime, for a fuzzer's or a proxy's process.

    `make test` may run under Debian's faketime (0.9.10) to test another date. It fakes the
    monotonic clock too, and Python's timed thread waits (sem_clockwait) then never end:
    Schemathesis hangs; nginx never took a failed instance back. The service keeps the faked
    date, which is what such a run tests; the fuzzers, which only send requests, and the
    proxies in front of the service (nginx, PgBouncer) run on the real clock
    (tests/fuzz/live.py, tests/specfirst/mock_fuzzing.py, tests/support/nginx.py and
    pgbouncer.py).
    """
    preload = [lib for lib in environment.get("LD_PRELOAD", "").split() if "faketime" not in lib]
    return {**environment, "LD_PRELOAD": " ".join(preload)}
