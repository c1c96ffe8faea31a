"""A real PgBouncer in transaction pooling mode, in front of a test database.

Debian's PgBouncer (1.18, installed by `make pgbouncer` when missing) runs in the foreground on a
free port of 127.0.0.1 with a configuration of its own, as the `postgres` user (it refuses to
run as root). Its server pool is deliberately small, so that the clients (every worker of every
instance) take turns on the same few server connections, as they do behind a managed pooler:
what one client leaves on a server connection, another meets.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from sqlalchemy.engine import make_url

from tests.support.databases import TRANSACTION_POOLED_URLS
from tests.support.processes import (
    GUNICORN,
    ROOT,
    free_port,
    on_the_real_clock,
    running_servers,
    service_environment,
)

# Server connections per database and user: fewer than the clients of two instances with two
# workers each (2 x 2 x DATABASE_POOL_SIZE), so that they must share.
SERVER_POOL_SIZE: Final = 3
READY_TIMEOUT_SECONDS: Final = 15.0
# Debian installs it outside a non-root user's PATH.
PGBOUNCER: Final = "/usr/sbin/pgbouncer"


def install_pgbouncer() -> None:
    """Debian's pgbouncer, installed by the Makefile when missing."""
    subprocess.run(["make", "-s", "pgbouncer"], cwd=ROOT, check=True)


def _configuration(
    directory: Path, server_host: str, server_port: int, port: int, server_pool_size: int
) -> str:
    return f"""\
[databases]
* = host={server_host} port={server_port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
pidfile =
logfile =
auth_type = trust
auth_file = {directory / "users.txt"}
pool_mode = transaction
default_pool_size = {server_pool_size}
max_client_conn = 500
; asyncpg sends these start-up parameters; PgBouncer refuses unknown ones.
ignore_startup_parameters = extra_float_digits,options
"""


@contextmanager
def pgbouncer_in_front(
    database_url: str, *, server_pool_size: int = SERVER_POOL_SIZE
) -> Iterator[str]:
    """`database_url` (a PostgreSQL database reached directly) as reached through a new
    PgBouncer in transaction pooling mode, with `server_pool_size` server connections; the
    PgBouncer is stopped at the end."""
    install_pgbouncer()
    direct = make_url(database_url)
    port = free_port()
    # Readable by the `postgres` user PgBouncer switches to.
    directory = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    directory.chmod(0o755)
    try:
        (directory / "users.txt").write_text(f'"{direct.username}" ""\n')
        configuration = directory / "pgbouncer.ini"
        configuration.write_text(
            _configuration(
                directory, direct.host or "127.0.0.1", direct.port or 5432, port, server_pool_size
            )
        )
        with (directory / "pgbouncer.log").open("wb") as log:
            pgbouncer = subprocess.Popen(
                [PGBOUNCER, "-u", "postgres", configuration],
                env=on_the_real_clock(os.environ),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            _wait_until_listening(port, pgbouncer, directory / "pgbouncer.log")
            url = direct.set(port=port).render_as_string(hide_password=False)
            TRANSACTION_POOLED_URLS.add(url)
            try:
                yield url
            finally:
                TRANSACTION_POOLED_URLS.discard(url)
        finally:
            os.killpg(pgbouncer.pid, signal.SIGTERM)
            pgbouncer.wait(timeout=10)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _wait_until_listening(port: int, pgbouncer: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if pgbouncer.poll() is not None:
            raise RuntimeError(f"pgbouncer exited at start:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"pgbouncer did not listen within {READY_TIMEOUT_SECONDS:.0f} s")


@contextmanager
def instances_behind_pgbouncer(
    database_url: str, logs: Path, *, instances: int = 2, **variables: str
) -> Iterator[list[str]]:
    """`instances` instances of the production command (Gunicorn, two workers each) started at
    once on `database_url` (reached directly) through one new PgBouncer, with
    DATABASE_POOLER=transaction and `variables`; their base URLs. Each master migrates, one at
    a time (the advisory transaction lock). Their logs go to `logs`."""
    secret_key = secrets.token_urlsafe(32)  # one service: a token from either is good on all
    with pgbouncer_in_front(database_url) as pooled_url:
        environments = [
            service_environment(
                pooled_url,
                HOST="127.0.0.1",
                PORT=str(free_port()),
                WEB_CONCURRENCY="2",
                DATABASE_POOLER="transaction",
                SECRET_KEY=secret_key,
                **variables,
            )
            for _ in range(instances)
        ]
        with running_servers(GUNICORN, environments, logs) as base_urls:
            yield base_urls
