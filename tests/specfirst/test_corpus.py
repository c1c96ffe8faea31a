"""The corpus of specs written here (tests/specfirst/corpus/), each exercising the shapes teams
write: accepted by `try` (generated, type-clean under mypy --strict), and its mock fuzzed by
Schemathesis with the checks the generator is held to, without a single failure."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.specfirst.mock_fuzzing import fuzz, running_mock

CORPUS = Path(__file__).with_name("corpus")
# Every spec of the corpus: each file of it, and the one in several files.
SPECS = [*sorted(CORPUS.glob("*.yaml")), CORPUS / "multifile" / "api.yaml"]
# Enough to reach every operation in every phase; make test stays within its time budget.
MAX_EXAMPLES = 25


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.parent.name + "/" + spec.name)
def test_try_accepts_it_and_its_package_type_checks(spec: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "specfirst", "try", "--spec", str(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "result: accepted; the generated package type-checks" in result.stdout


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.parent.name + "/" + spec.name)
def test_its_mock_keeps_the_contract_under_fuzzing(spec: Path, tmp_path: Path) -> None:
    with running_mock(spec, tmp_path / "mock.log") as base_url:
        result = fuzz(base_url, max_examples=MAX_EXAMPLES, seed=1, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-6000:]
