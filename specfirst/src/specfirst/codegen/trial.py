"""`python -m specfirst try --spec SPEC` (make try-spec): does the generator take this spec?

Generates it into a scratch package, type-checks that with mypy in strict mode, and prints a
summary: operations, handler sets, warnings, notes, and the refusal or type errors if any.
Exit status 0 only when the spec is accepted and its package type-checks.
"""

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Final

from specfirst.codegen.model import Spec, SpecError
from specfirst.codegen.package import write_package
from specfirst.codegen.pipeline import render_package

SCRATCH_PACKAGE: Final = "trial.generated"
# mypy as strict as the repository's own settings, with pydantic's plugin for the models.
MYPY_CONFIG: Final = "[mypy]\nstrict = True\nplugins = pydantic.mypy\n"
SHOWN_TYPE_ERRORS: Final = 20


def try_spec(spec: Spec) -> int:
    """Print the summary and the verdict on a spec read without errors; the exit status."""
    print(summary(spec))
    try:
        errors = type_errors(spec)
    except SpecError as error:
        print(f"result: refused: {error}")
        return 2
    if errors:
        for line in errors[:SHOWN_TYPE_ERRORS]:
            print(f"  {line}")
        print(f"result: accepted, but the generated package has {len(errors)} type error(s)")
        return 1
    print("result: accepted; the generated package type-checks (mypy --strict)")
    return 0


def summary(spec: Spec) -> str:
    info = spec.document.get("info", {})
    sets = ", ".join(f"{tag.name} ({len(tag.operations)})" for tag in spec.tags) or "none"
    lines = [
        f"document: OpenAPI {spec.document.get('openapi')}, "
        f"{info.get('title', '?')!r} {info.get('version', '')}",
        f"operations: {len(spec.operations)}, in handler sets: {sets}",
        f"models and responses: {len(spec.response_classes)} response classes",
        f"warnings: {len(spec.warnings)}",
        *(f"  {warning}" for warning in spec.warnings),
        f"notes: {len(spec.notes)}",
        *(f"  {note}" for note in spec.notes),
    ]
    return "\n".join(lines)


def type_errors(spec: Spec) -> list[str]:
    """mypy --strict's complaints about the package `spec` generates (empty when clean)."""
    with tempfile.TemporaryDirectory(prefix="specfirst-try-") as scratch:
        root = Path(scratch)
        (root / "trial").mkdir()
        (root / "trial" / "__init__.py").write_text("")
        write_package(render_package(spec, SCRATCH_PACKAGE), root / "trial" / "generated")
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
