"""`python -m specfirst try --spec SPEC` (make try-spec): does the generator take this spec?

Generates it into a scratch package, type-checks that with mypy in strict mode, and prints a
summary: operations, handler sets, warnings, notes, the refusal or type errors if any, and the
time each step took and the peak memory. Exit status 0 only when the spec is accepted and its
package type-checks.
"""

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Final

from specfirst.codegen.model import Spec, SpecError
from specfirst.codegen.package import write_package
from specfirst.codegen.pipeline import read_spec, render_package

SCRATCH_PACKAGE: Final = "trial.generated"
# mypy as strict as the repository's own settings, with pydantic's plugin for the models.
MYPY_CONFIG: Final = "[mypy]\nstrict = True\nplugins = pydantic.mypy\n"
SHOWN_TYPE_ERRORS: Final = 20
BOTH: Final = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)


def try_spec(spec_path: Path, ref_root: Path | None = None) -> int:
    """Print the summary and the verdict on the spec at `spec_path` (its $refs read under
    `ref_root`, by default its directory); the exit status."""
    print(f"spec: {spec_path}")
    started = time.perf_counter()
    try:
        spec = read_spec(spec_path, ref_root=ref_root)
        rendered = render_package(spec, SCRATCH_PACKAGE)
    except SpecError as error:
        print(f"result: refused: {error}")
        return 2
    generated = time.perf_counter()
    print(summary(spec, rendered.warnings))
    errors = type_errors(rendered.sources)
    print(
        f"time: {generated - started:.1f} s to generate, {time.perf_counter() - generated:.1f} s "
        f"to type-check; peak memory: {_peak_mib()} MiB"
    )
    if errors:
        for line in errors[:SHOWN_TYPE_ERRORS]:
            print(f"  {line}")
        print(f"result: accepted, but the generated package has {len(errors)} type error(s)")
        return 1
    print("result: accepted; the generated package type-checks (mypy --strict)")
    return 0


def _peak_mib() -> int:
    """The largest resident size of this process or of mypy's, whichever is larger. (One
    figure: Linux counts a child's peak from the size of the process it was forked from, so
    mypy's own cannot be told apart when generating took more.) Linux gives KiB."""
    usage = max(resource.getrusage(who).ru_maxrss for who in BOTH)
    return usage // 1024


def summary(spec: Spec, model_warnings: tuple[str, ...] = ()) -> str:
    info = spec.document.get("info", {})
    sets = ", ".join(f"{tag.name} ({len(tag.operations)})" for tag in spec.tags) or "none"
    lines = [
        f"document: OpenAPI {spec.document.get('openapi')}, "
        f"{info.get('title', '?')!r} {info.get('version', '')}",
        f"operations: {len(spec.operations)}, in handler sets: {sets}",
        f"models and responses: {len(spec.response_classes)} response classes",
        f"warnings: {len(spec.warnings) + len(model_warnings)}",
        *(f"  {warning}" for warning in (*spec.warnings, *model_warnings)),
        f"notes: {len(spec.notes)}",
        *(f"  {note}" for note in spec.notes),
    ]
    return "\n".join(lines)


def type_errors(sources: dict[str, str]) -> list[str]:
    """mypy --strict's complaints about a generated package (empty when clean)."""
    with tempfile.TemporaryDirectory(prefix="specfirst-try-") as scratch:
        root = Path(scratch)
        (root / "trial").mkdir()
        (root / "trial" / "__init__.py").write_text("")
        write_package(sources, root / "trial" / "generated")
        (root / "mypy.ini").write_text(MYPY_CONFIG)
        checked = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--config-file",
                "mypy.ini",
                "--no-incremental",
                "--cache-dir",
                str(root / ".mypy_cache"),
                "-p",
                SCRATCH_PACKAGE,
            ],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    if checked.returncode == 0:
        return []
    output = (checked.stdout + checked.stderr).splitlines()
    return [line for line in output if ": error:" in line] or output
