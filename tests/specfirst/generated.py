"""A spec, written as a dict in a test, through the whole generator into an importable package."""

import importlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any, get_type_hints

from pydantic import BaseModel, ValidationError

from specfirst.codegen.model import Spec
from specfirst.codegen.package import write_package
from specfirst.codegen.pipeline import read_spec, render_package
from specfirst.documents.contract import document_sha256

MODULES = ("models", "responses", "interfaces", "routes")


@contextmanager
def generated_package(document: dict[str, Any], directory: Path) -> Iterator[ModuleType]:
    """The package `document` generates, its modules imported, while the context lasts."""
    name = f"generated_{document_sha256(document)[:12]}"
    spec = directory / "spec.json"
    spec.write_text(json.dumps(document))
    write_package(render_package(read_spec(spec), name).sources, directory / name)
    sys.path.insert(0, str(directory))
    try:
        package = importlib.import_module(name)
        for module in MODULES:
            importlib.import_module(f"{name}.{module}")
        yield package
    finally:
        sys.path.remove(str(directory))
        for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
            del sys.modules[module]


def request_model(package: ModuleType, handler_set: str, operation: str) -> type[BaseModel]:
    """The model an operation's handler receives its body as."""
    method = getattr(getattr(package.interfaces, handler_set), operation)
    hints = get_type_hints(method, vars(package.interfaces))
    body = hints.get("body") or hints["form"]
    assert isinstance(body, type)
    assert issubclass(body, BaseModel)
    return body


def response_model(package: ModuleType, response_class: str) -> type[BaseModel]:
    """The model a response class carries as its body."""
    cls = getattr(package.responses, response_class)
    body = get_type_hints(cls, vars(package.responses))["body"]
    assert isinstance(body, type)
    assert issubclass(body, BaseModel)
    return body


def valid(model: Any, value: Any) -> bool:
    """Whether a generated model (or response class) takes `value`."""
    try:
        model.model_validate(value)
    except ValidationError:
        return False
    return True


def written(document: dict[str, Any], directory: Path) -> Path:
    """`document` written as `directory`/spec.json; its path."""
    spec = directory / "spec.json"
    spec.write_text(json.dumps(document))
    return spec


def read_document(document: dict[str, Any], directory: Path) -> Spec:
    """`document` read as the generator reads a spec (written to `directory` first)."""
    return read_spec(written(document, directory))
