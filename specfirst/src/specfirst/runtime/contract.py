"""The handwritten spec, served as written, and refused when the generated code is stale."""

from pathlib import Path
from typing import Any

from specfirst.runtime.documents import document_sha256, load_document


class StaleGeneratedCodeError(RuntimeError):
    """The spec changed after the generated package was generated from it."""


def load_contract(
    path: Path,
    generated_from_sha256: str,
    *,
    regenerate_command: str = "python -m specfirst generate",
) -> dict[str, Any]:
    """The spec at `path` (its files bundled into one document, specfirst.runtime.documents)
    when it says what it said when the package was generated (its SPEC_SHA256);
    StaleGeneratedCodeError, telling to run `regenerate_command`, otherwise."""
    document = load_document(path)
    if document_sha256(document) != generated_from_sha256:
        raise StaleGeneratedCodeError(
            f"{path.name} has changed since its package was generated: run `{regenerate_command}`"
        )
    return document
