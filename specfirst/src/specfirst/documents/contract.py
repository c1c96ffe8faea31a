"""The handwritten spec an application serves as written, refused when the package generated
from it is stale, and the hash that tells."""

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from specfirst.documents.bundle import load_document


class StaleGeneratedCodeError(RuntimeError):
    """The spec changed after the generated package was generated from it."""


def document_sha256(document: Mapping[str, Any]) -> str:
    """The hash of what a document says: its canonical JSON, so that YAML comments, layout
    and the split into files do not count."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def load_contract(
    path: Path,
    generated_from_sha256: str,
    *,
    regenerate_command: str = "python -m specfirst generate",
) -> dict[str, Any]:
    """The spec at `path` (its files bundled into one document) when it says what it said when
    the package was generated (its SPEC_SHA256); StaleGeneratedCodeError, telling to run
    `regenerate_command`, otherwise."""
    document = load_document(path)
    if document_sha256(document) != generated_from_sha256:
        raise StaleGeneratedCodeError(
            f"{path.name} has changed since its package was generated: run `{regenerate_command}`"
        )
    return document
