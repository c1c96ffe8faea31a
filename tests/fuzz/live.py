"""Fuzz the real service with Schemathesis: `python -m tests.fuzz.live --database sqlite`.

Starts uvicorn on a free port of 127.0.0.1 with a fresh database of the chosen kind, waits
until /readyz answers, registers a user and logs in through the API, runs the Schemathesis
command line (settings in schemathesis.toml) with that user's token, then stops the server and
drops the database. Exits with Schemathesis' status; a JUnit report goes to reports/.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import httpx2 as httpx

from tests.support.databases import postgres_database
from tests.support.processes import BIN, ROOT, on_the_real_clock, running_uvicorn

FUZZ_USER: Final = {
    "username": "fuzzer",
    "email": "fuzzer@example.com",
    "password": secrets.token_urlsafe(16),
}


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """A new, empty database of `kind`; running_uvicorn migrates it, as `make run` does."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="fuzz-") as directory:
            yield f"sqlite+aiosqlite:///{directory}/fuzz.db"
    else:
        with postgres_database() as url:
            yield url


def sign_up_and_log_in(base_url: str) -> str:
    """Register the fuzzer's user and return its access token, both through the API."""
    registered = httpx.post(f"{base_url}/users/", json=FUZZ_USER, timeout=10)
    registered.raise_for_status()
    form = {"username": FUZZ_USER["username"], "password": FUZZ_USER["password"]}
    token = httpx.post(f"{base_url}/token", data=form, timeout=10)
    token.raise_for_status()
    access_token: str = token.json()["access_token"]
    return access_token


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--max-examples", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()

    reports = ROOT / "reports"
    reports.mkdir(exist_ok=True)
    name = f"fuzz-{arguments.database}-{arguments.max_examples}"
    log = reports / f"{name}-server.log"
    with (
        fresh_database(arguments.database) as database_url,
        running_uvicorn(
            database_url,
            log,
            # Long enough for the longest run.
            ACCESS_TOKEN_EXPIRE_MINUTES="1440",
            # One JSON line per request in the server log: what a failure report points into.
            LOG_LEVEL="INFO",
            # The fuzzer sends thousands of logins from one address; the limiter has its own tests.
            LOGIN_ATTEMPTS_PER_ADDRESS="1000000",
            LOGIN_ATTEMPTS_PER_USERNAME="1000000",
        ) as base_url,
    ):
        fuzz = subprocess.run(
            [
                str(BIN / "st"),
                "run",
                "openapi.yaml",
                f"--url={base_url}",
                f"--max-examples={arguments.max_examples}",
                f"--seed={arguments.seed}",
                "--report=junit",
                f"--report-junit-path={reports / f'{name}.junit.xml'}",
            ],
            cwd=ROOT,
            env=on_the_real_clock(os.environ) | {"FUZZ_TOKEN": sign_up_and_log_in(base_url)},
            check=False,
        )
    print(f"{name}: Schemathesis exited with {fuzz.returncode}; server log: {log}")
    return fuzz.returncode


if __name__ == "__main__":
    sys.exit(main())
