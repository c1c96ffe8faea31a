"""`make production-specs`: the generator tried on each production spec of specs.py, two at a
time (`python -m specfirst try`, generate + mypy --strict, as a team would), then each accepted
spec's mock built and asked for its contract. One line per spec with the time and peak memory
`try` printed; exit status 1 when a spec regresses (see specs.py).

`--fuzz` instead runs Schemathesis (the binding-fidelity checks, a few examples per operation)
against the mock of each accepted spec under 100 operations."""

import argparse
import gzip
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from fastapi.testclient import TestClient

from specfirst.codegen import walking
from specfirst.codegen.pipeline import read_spec
from specfirst.codegen.trial import try_spec
from specfirst.documents.bundle import load_document
from specfirst.mock.server import CONTRACT_PATH, mock_app
from tests.specfirst.mock_fuzzing import fuzz, running_mock
from tests.specfirst.production.specs import ACCEPTED, REFUSED, ProductionSpec

TYPE_CLEAN: Final = "accepted; the generated package type-checks (mypy --strict)"
MOCK_SERVES: Final = f"serves its contract at {CONTRACT_PATH}"
FUZZED_BELOW_OPERATIONS: Final = 100
FUZZ_EXAMPLES: Final = 5
WORKERS: Final = 2  # the machine's cores
REPOSITORY: Final = Path(__file__).parents[3]


@dataclass(frozen=True)
class Verdict:
    spec: ProductionSpec
    operations: int | None
    result: str
    cost: str
    mock: str

    @property
    def regressed(self) -> str | None:
        """What went wrong, against what specs.py expects; None when as expected."""
        if self.spec.refused_because is not None:
            if self.spec.refused_because not in self.result:
                return f"expected refused, '{self.spec.refused_because}'"
            return None
        if self.result != TYPE_CLEAN:
            return "expected accepted and type-clean"
        if self.mock != MOCK_SERVES:
            return "expected its mock to start"
        return None


@contextmanager
def openapi_document(spec: ProductionSpec) -> Iterator[Path]:
    """The file to give the generator: the spec's own, or for a Swagger 2.0 one (gunzipped
    first where the package ships it so) what `make convert-spec` makes of it, as a team
    would convert it."""
    if not spec.swagger2:
        yield spec.path
        return
    with tempfile.TemporaryDirectory(prefix=f"production-{spec.name}-") as scratch:
        source = spec.path
        if source.suffix == ".gz":
            source = Path(scratch) / source.stem
            source.write_bytes(gzip.decompress(spec.path.read_bytes()))
        converted = Path(scratch) / f"{spec.name}.openapi.yaml"
        subprocess.run(
            ["make", "--no-print-directory", "convert-spec", f"SPEC={source}", f"OUT={converted}"],
            cwd=REPOSITORY,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield converted


def tried(spec: ProductionSpec) -> Verdict:
    """`try_one` on `spec` in a fresh process: a process forked from this one would report
    this one's peak memory as its own (Linux keeps ru_maxrss across fork and exec)."""
    with openapi_document(spec) as path:
        printed = subprocess.run(
            [sys.executable, "-m", "tests.specfirst.production.run", "--one", str(path)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    operations = _line(printed, "operations: ")
    return Verdict(
        spec=spec,
        operations=int(operations.split(",")[0]) if operations else None,
        result=_line(printed, "result: ") or f"no verdict: {printed[-500:]!r}",
        cost=_line(printed, "time: ") or "-",
        mock=_line(printed, "mock: ") or "-",
    )


def try_one(path: Path) -> int:
    """`python -m specfirst try` on `path`; when it is accepted and type-clean, its mock built
    and asked for its contract. Prints what `try` prints, then `mock: ...`."""
    verdict = try_spec(path)
    if verdict == 0:
        with mock_app(read_spec(path)) as (app, _reports):
            answer = TestClient(app).get(CONTRACT_PATH)
        served = answer.status_code == 200
        print(f"mock: {MOCK_SERVES if served else f'answered {answer.status_code}'}")
    return verdict


def _line(printed: str, start: str) -> str | None:
    """What follows `start` on its line, and on the indented lines after it (a refusal lists
    its problems so), joined into one."""
    found = re.search(f"^{re.escape(start)}(.*(?:\n  .*)*)", printed, re.MULTILINE)
    return " ".join(part.strip() for part in found.group(1).splitlines()) if found else None


def try_all() -> int:
    tried_count = regressions = 0
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for verdict in pool.map(tried, (*ACCEPTED, *REFUSED)):  # in order, as each is known
            wrong = verdict.regressed
            tried_count += 1
            regressions += wrong is not None
            print(
                f"{'REGRESSED ' if wrong else ''}{verdict.spec.name}"
                f"{' (Swagger 2.0, converted)' if verdict.spec.swagger2 else ''}: "
                f"{verdict.operations} "
                f"operations: {verdict.result}; {verdict.cost}; mock: {verdict.mock}"
                + (f" ({wrong})" if wrong else ""),
                flush=True,
            )
    print(f"{tried_count - regressions} as expected, {regressions} regressed")
    return 1 if regressions else 0


def fuzz_small() -> int:
    failed = 0
    for spec in ACCEPTED:
        with openapi_document(spec) as path:
            operations = sum(1 for _ in walking.operations(load_document(path)))
            if operations >= FUZZED_BELOW_OPERATIONS:
                continue
            with (
                tempfile.TemporaryDirectory(prefix="production-fuzz-") as scratch,
                running_mock(path, Path(scratch) / "mock.log") as base_url,
            ):
                run = fuzz(base_url, max_examples=FUZZ_EXAMPLES, seed=1, cwd=Path(scratch))
        last = [line for line in run.stdout.splitlines() if line.strip()][-1:]
        print(f"{spec.name} ({operations} operations): exit {run.returncode}: {''.join(last)}")
        failed += run.returncode != 0
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fuzz", action="store_true", help="fuzz the mocks of the small ones")
    parser.add_argument("--one", type=Path, help="try one spec (what each worker runs)")
    arguments = parser.parse_args()
    if arguments.one:
        return try_one(arguments.one)
    return fuzz_small() if arguments.fuzz else try_all()


if __name__ == "__main__":
    sys.exit(main())
