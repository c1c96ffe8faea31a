"""specfirst is a distribution of its own: its wheel holds the generator (templates included),
the runtime, and the marker that makes it typed for its users' mypy."""

import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_holds_the_generator_and_the_runtime(tmp_path: Path) -> None:
    subprocess.run(
        [str(ROOT / ".uv" / "bin" / "uv"), "build", "--wheel", "--out-dir", str(tmp_path)],
        cwd=ROOT / "specfirst",
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("specfirst-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "specfirst/py.typed",
        "specfirst/__main__.py",
        "specfirst/cli.py",
        "specfirst/codegen/pipeline.py",
        "specfirst/documents/bundle.py",
        "specfirst/codegen/templates/routes.py.jinja",
        "specfirst/runtime/routing.py",
        "specfirst/runtime/body_limit.py",
    } <= names
    # Nothing of the service, the tests or this repository's generated package.
    assert not [name for name in names if name.startswith(("service/", "tests/"))]
