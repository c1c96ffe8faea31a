"""The handwritten contract, as the service serves it at /openapi.json."""

from functools import cache
from pathlib import Path
from typing import Any, Final

from service.generated import SPEC_SHA256
from specfirst.documents.contract import load_contract as load_checked_contract

SPEC_PATH: Final = Path(__file__).resolve().parent.parent / "openapi.yaml"


@cache
def load_contract(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The spec as a JSON-ready dict; refuses (StaleGeneratedCodeError) to serve a spec that
    service/generated/ was not generated from."""
    return load_checked_contract(path, SPEC_SHA256, regenerate_command="make generate")
