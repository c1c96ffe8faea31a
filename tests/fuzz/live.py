"""Fuzz the real service with Schemathesis: `python -m tests.fuzz.live --database sqlite`.

Starts the service on free ports of 127.0.0.1 with a fresh database of the chosen kind, waits
until /readyz answers, registers a user and logs in through the API, runs the Schemathesis
command line (settings in schemathesis.toml) with that user's token, then stops the server and
drops the database. Exits with Schemathesis' status; a JUnit report goes to reports/.

On "sqlite" and "postgresql" the service runs as `make run` runs it (uvicorn). On "pgbouncer",
as it runs at scale: two instances of the production command (Gunicorn, two workers each) on
PostgreSQL through one PgBouncer in transaction pooling mode (DATABASE_POOLER=transaction), each
instance fuzzed by its own Schemathesis at the same time, on the same database.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import httpx2 as httpx

from tests.support.databases import postgres_database
from tests.support.pgbouncer import instances_behind_pgbouncer
from tests.support.processes import BIN, ROOT, on_the_real_clock, running_uvicorn

DATABASES: Final = ("sqlite", "postgresql", "pgbouncer")
INSTANCES_AT_SCALE: Final = 2
FUZZ_PASSWORD: Final = secrets.token_urlsafe(16)
SERVICE_VARIABLES: Final = {
    # Long enough for the longest run.
    "ACCESS_TOKEN_EXPIRE_MINUTES": "1440",
    # One JSON line per request in the server log: what a failure report points into.
    "LOG_LEVEL": "INFO",
    # The fuzzer sends thousands of logins from one address; the limiter has its own tests.
    "LOGIN_ATTEMPTS_PER_ADDRESS": "1000000",
    "LOGIN_ATTEMPTS_PER_USERNAME": "1000000",
}


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """A new, empty database of `kind` (PostgreSQL's for "pgbouncer"); the service's start
    migrates it, as `make run` and Gunicorn's master do."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="fuzz-") as directory:
            yield f"sqlite+aiosqlite:///{directory}/fuzz.db"
    else:
        with postgres_database() as url:
            yield url


@contextmanager
def serving(kind: str, database_url: str, logs: Path) -> Iterator[list[str]]:
    """The service on `database_url`, as it runs for `kind`; the base URL of each instance."""
    if kind != "pgbouncer":
        with running_uvicorn(database_url, logs / "server.log", **SERVICE_VARIABLES) as base_url:
            yield [base_url]
        return
    with instances_behind_pgbouncer(
        database_url, logs, instances=INSTANCES_AT_SCALE, **SERVICE_VARIABLES
    ) as base_urls:
        yield base_urls


def sign_up_and_log_in(base_url: str) -> str:
    """Register a user of the fuzzer's and return its access token, both through the API."""
    username = f"fuzzer_{secrets.token_hex(4)}"
    user = {"username": username, "email": f"{username}@example.com", "password": FUZZ_PASSWORD}
    registered = httpx.post(f"{base_url}/users/", json=user, timeout=10)
    registered.raise_for_status()
    form = {"username": username, "password": FUZZ_PASSWORD}
    token = httpx.post(f"{base_url}/token", data=form, timeout=10)
    token.raise_for_status()
    access_token: str = token.json()["access_token"]
    return access_token


def fuzz(base_urls: Sequence[str], name: str, max_examples: int, seed: int) -> int:
    """One Schemathesis per instance, all at once; the worst exit status. Each one's output is
    printed when all are done, one after the other rather than interleaved."""
    reports = ROOT / "reports"
    fuzzers: list[tuple[subprocess.Popen[bytes], Path]] = []
    for number, base_url in enumerate(base_urls):
        report = f"{name}-{number}" if len(base_urls) > 1 else name
        command = [
            str(BIN / "st"),
            "run",
            "openapi.yaml",
            f"--url={base_url}",
            f"--max-examples={max_examples}",
            f"--seed={seed}",
            "--report=junit",
            f"--report-junit-path={reports / f'{report}.junit.xml'}",
        ]
        token = sign_up_and_log_in(base_url)
        environment = on_the_real_clock(os.environ) | {"FUZZ_TOKEN": token}
        output = reports / f"{report}.txt"
        with output.open("wb") as sink:
            fuzzer = subprocess.Popen(
                command, cwd=ROOT, env=environment, stdout=sink, stderr=subprocess.STDOUT
            )
        fuzzers.append((fuzzer, output))
    statuses = [fuzzer.wait() for fuzzer, _ in fuzzers]
    for _, output in fuzzers:
        sys.stdout.write(output.read_text())
    return max(statuses)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=DATABASES, required=True)
    parser.add_argument("--max-examples", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()

    name = f"fuzz-{arguments.database}-{arguments.max_examples}"
    logs = ROOT / "reports" / f"{name}-server"
    logs.mkdir(parents=True, exist_ok=True)
    with (
        fresh_database(arguments.database) as database_url,
        serving(arguments.database, database_url, logs) as base_urls,
    ):
        status = fuzz(base_urls, name, arguments.max_examples, arguments.seed)
    print(f"{name}: Schemathesis exited with {status}; server logs: {logs}")
    return status


if __name__ == "__main__":
    sys.exit(main())
