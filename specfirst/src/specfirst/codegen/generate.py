"""Produces the whole generated package in memory, writes it, or compares it with the disk."""

import difflib
from collections.abc import Iterator
from pathlib import Path

from specfirst.codegen.models import generate_models
from specfirst.codegen.render import format_python, render_header, render_modules
from specfirst.codegen.spec import Spec


def package_sources(spec: Spec, package: str) -> dict[str, str]:
    """Every file of the generated package: file name → contents."""
    sources = render_modules(spec, package)
    models = generate_models(spec.normalized, spec.path.name, render_header(spec).rstrip("\n"))
    sources["models.py"] = format_python(models, "models.py", package.split(".")[0])
    return dict(sorted(sources.items()))


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


def _python_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.glob("*.py")) if directory.is_dir() else []
