"""The generated package on disk: written (stale files removed), or compared with what the spec
produces."""

import difflib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def write_package(sources: dict[str, str], directory: Path) -> None:
    """Replace the generated package in `directory` with `sources` (stale files removed)."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in set(_python_files(directory)) - set(sources):
        (directory / stale).unlink()
    for name, text in sources.items():
        (directory / name).write_text(text, encoding="utf-8")


def drift(sources: dict[str, str], directory: Path) -> Iterator[str]:
    """Unified diff lines between the committed package and what the spec produces."""
    for name in sorted(set(sources) | set(_python_files(directory))):
        path = directory / name
        committed = path.read_text(encoding="utf-8") if path.exists() else ""
        expected = sources.get(name, "")
        if committed != expected:
            yield from difflib.unified_diff(
                committed.splitlines(keepends=True),
                expected.splitlines(keepends=True),
                fromfile=f"{path} (committed)",
                tofile=f"{path} (from spec)",
            )


@contextmanager
def importable(directory: Path, package: str) -> Iterator[None]:
    """`package`, written under `directory`, importable while the context lasts; afterwards
    `directory` is off the import path and the modules imported from `package` are forgotten
    (another package of that name may be written and imported next)."""
    sys.path.insert(0, str(directory))
    try:
        yield
    finally:
        sys.path.remove(str(directory))
        for module in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[module]


def _python_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.glob("*.py")) if directory.is_dir() else []
