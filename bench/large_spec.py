"""`make bench`'s row for a large spec: the generator (`python -m specfirst generate`: read,
check, normalize, models, interfaces, responses, binding) against datamodel-code-generator alone
(`datamodel-codegen`, models only) on the same document, GitHub's REST API description from the
production specs (tests/specfirst/production/SOURCES.md). Each runs in a process of its own;
its wall time and peak RSS are that process's (os.wait4; Linux counts a child's peak from
the RSS of the process it was forked from, this bench's, far below either figure)."""

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from tests.specfirst.production.specs import GITHUB
from tests.support.processes import BIN, ROOT

SPEC: Final = GITHUB / "api.github.com.json"
INSTALL: Final = ["make", "-s", "tests/specfirst/production/node_modules/.installed"]


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float


@dataclass(frozen=True)
class LargeSpec:
    generator: Run
    models_alone: Run

    def row(self) -> str:
        size = SPEC.stat().st_size / 1024 / 1024
        return (
            f"Large spec ({SPEC.name}, {size:.1f} MiB, GitHub's REST API): the generator "
            f"{self.generator.seconds:.1f} s, peak RSS {self.generator.peak_mib:.0f} MiB; "
            f"datamodel-code-generator alone (models only) {self.models_alone.seconds:.1f} s, "
            f"{self.models_alone.peak_mib:.0f} MiB: "
            f"{self.generator.seconds / self.models_alone.seconds:.2f}x its time, "
            f"{self.generator.peak_mib / self.models_alone.peak_mib:.2f}x its memory.\n"
        )


def measured(command: list[str], cwd: Path) -> Run:
    """`command`'s wall time and peak RSS; its warnings kept out of the bench's output."""
    log = cwd / "stderr.log"
    started = time.perf_counter()
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=os.environ | {"PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed on {SPEC}: {log.read_text()[-2000:]}")
    return Run(seconds=seconds, peak_mib=usage.ru_maxrss / 1024)  # Linux gives KiB


def measure_large_spec() -> LargeSpec:
    subprocess.run(INSTALL, cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory(prefix="bench-large-spec-") as scratch:
        root = Path(scratch)
        generator = measured(
            [
                str(BIN / "python"),
                "-m",
                "specfirst",
                "generate",
                "--spec",
                str(SPEC),
                "--package",
                "large.generated",
            ],
            root,
        )
        models_alone = measured(
            [
                str(BIN / "datamodel-codegen"),
                "--input",
                str(SPEC),
                "--input-file-type",
                "openapi",
                "--output-model-type",
                "pydantic_v2.BaseModel",
                "--output",
                str(root / "models.py"),
            ],
            root,
        )
    return LargeSpec(generator=generator, models_alone=models_alone)


if __name__ == "__main__":
    print(measure_large_spec().row(), end="")
