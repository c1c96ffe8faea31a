"""The handwritten spec, served as written, and refused when the generated code is stale."""

import hashlib
from pathlib import Path
from typing import Any

import yaml


class StaleGeneratedCodeError(RuntimeError):
    """The spec changed after the generated package was generated from it."""


def load_contract(
    path: Path,
    generated_from_sha256: str,
    *,
    regenerate_command: str = "python -m specfirst generate",
) -> dict[str, Any]:
    """The spec at `path` as a JSON-ready dict, when its bytes are the ones the generated
    package was made from (its SPEC_SHA256); StaleGeneratedCodeError, telling to run
    `regenerate_command`, otherwise."""
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != generated_from_sha256:
        raise StaleGeneratedCodeError(
            f"{path.name} has changed since its package was generated: run `{regenerate_command}`"
        )
    document: dict[str, Any] = yaml.safe_load(raw)
    return document
