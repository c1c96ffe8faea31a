"""A spec's mock (`python -m specfirst mock`), fuzzed by Schemathesis with the checks the
generator's spec-taking promises hold it to: the harness of the corpus tests, and of trials
on specs from elsewhere (`python -m tests.specfirst.mock_fuzzing SPEC...`)."""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import httpx2 as httpx

from specfirst.fuzz_settings import auth_sections
from tests.support.processes import BIN, free_port, on_the_real_clock, running_server

CONFIG: Final = Path(__file__).with_name("corpus") / "schemathesis.toml"
CHECKS: Final = (
    "not_a_server_error",
    "positive_data_acceptance",
    "negative_data_rejection",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "missing_required_header",
    "unsupported_method",
    # Ours (specfirst.fuzzing): a secured operation refuses a request with no credentials.
    "credentials_required",
)


@contextmanager
def running_mock(spec: Path, log: Path) -> Iterator[str]:
    """`spec`'s mock on a free port of 127.0.0.1, until the context ends; its base URL."""
    port = str(free_port())
    command = [sys.executable, "-m", "specfirst", "mock", "--spec", str(spec), "--port", port]
    environment = os.environ | {"HOST": "127.0.0.1", "PORT": port}
    with running_server(command, environment, log, ready_path="/openapi.json"):
        yield f"http://127.0.0.1:{port}"


def fuzz(
    base_url: str, *, max_examples: int, seed: int, cwd: Path
) -> subprocess.CompletedProcess[str]:
    """Schemathesis on the mock at `base_url` (the spec it serves at /openapi.json), with a
    credential for each of the spec's security schemes (the mock accepts any)."""
    document = httpx.get(f"{base_url}/openapi.json", timeout=10).json()
    config = cwd / "schemathesis.toml"
    config.write_text(
        CONFIG.read_text()
        + auth_sections(
            document, token="mock-token", username="mock-user", password="mock-password"
        )
    )
    return subprocess.run(
        [
            str(BIN / "st"),
            "--config-file",
            str(config),
            "run",
            f"{base_url}/openapi.json",
            f"--checks={','.join(CHECKS)}",
            f"--max-examples={max_examples}",
            f"--seed={seed}",
        ],
        cwd=cwd,
        env=on_the_real_clock(os.environ),
        capture_output=True,
        text=True,
        check=False,
    )


def main() -> int:
    """Try each spec given: the mock's start, then Schemathesis; one summary line each."""
    failed = 0
    for argument in sys.argv[1:]:
        spec = Path(argument).resolve()
        log = Path("/tmp") / f"mock-{spec.stem}.log"
        try:
            with running_mock(spec, log) as base_url:
                result = fuzz(base_url, max_examples=20, seed=1, cwd=Path("/tmp"))
        except RuntimeError as error:
            print(f"{spec}: mock did not start ({error}); see {log}")
            failed += 1
            continue
        last = [line for line in result.stdout.splitlines() if line.strip()][-1:]
        print(f"{spec}: exit {result.returncode}: {''.join(last)}")
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
