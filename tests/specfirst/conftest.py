"""Generates the fixture spec's package once per session and makes it importable as `notes`."""

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from specfirst.codegen.package import write_package
from specfirst.codegen.pipeline import read_spec, render_package

NOTES_SPEC = Path(__file__).with_name("notes_spec.yaml")
PACKAGE = "notes.generated"


@pytest.fixture(scope="session")
def notes_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A directory holding `notes/generated/`, generated from `notes_spec.yaml`, on sys.path."""
    root = tmp_path_factory.mktemp("generated")
    (root / "notes").mkdir()
    (root / "notes" / "__init__.py").write_text("")
    write_package(
        render_package(read_spec(NOTES_SPEC), PACKAGE).sources, root / "notes" / "generated"
    )
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))
    for name in [m for m in sys.modules if m == "notes" or m.startswith("notes.")]:
        del sys.modules[name]


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    """A private copy of the fixture spec, for tests that edit it."""
    return Path(shutil.copy(NOTES_SPEC, tmp_path / "notes_spec.yaml"))


@pytest.fixture(scope="session")
def notes(notes_root: Path) -> ModuleType:
    """The generated package: `notes.models`, `.responses`, `.interfaces`, `.routes`."""
    for module in ("models", "responses", "interfaces", "routes"):
        importlib.import_module(f"{PACKAGE}.{module}")
    return importlib.import_module(PACKAGE)
