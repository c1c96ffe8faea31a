"""The handwritten contract, as the service serves it at /openapi.json."""

import hashlib
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml

from service.generated import SPEC_SHA256

SPEC_PATH: Final = Path(__file__).resolve().parent.parent / "openapi.yaml"


class StaleGeneratedCodeError(RuntimeError):
    """openapi.yaml changed after service/generated/ was generated from it."""


@cache
def load_contract(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The spec as a JSON-ready dict; refuses to serve a spec the code was not generated from."""
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != SPEC_SHA256:
        raise StaleGeneratedCodeError(
            f"{path.name} has changed since service/generated/ was generated: run `make generate`"
        )
    document: dict[str, Any] = yaml.safe_load(raw)
    return document
