"""Valid specs, each mutated the way a person's mistake would (a key deleted, a value of another
kind, a `$ref` pointed nowhere, a path duplicated), read by the generator: whatever the mutation,
the outcome is a refusal (SpecError) or an accepted spec whose generated code parses, never any
other exception.

MUTATED_DOCUMENTS examples (default 2,000; `make fuzz-documents` runs 20,000) go through every
stage the generator itself wrote: reading, validation, normalizing, parsing, the rewriting of
the schemas for the models, and the templates, each module checked to compile. Formatting with
ruff and datamodel-code-generator take about 0.3 s a spec, so the full `render_package` runs on
a tenth as many.
"""

import ast
import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from specfirst.codegen import render
from specfirst.codegen.model import SpecError
from specfirst.codegen.pipeline import read_spec, render_package
from specfirst.codegen.typable import make_typable
from specfirst.codegen.variants import UPLOAD_SCHEMA
from specfirst.documents.bundle import load_document
from tests.specfirst.generated import written

ROOT: Final = Path(__file__).parent
BASES: Final = [
    *sorted((ROOT / "corpus").glob("*.yaml")),
    ROOT / "notes_spec.yaml",
    ROOT.parent.parent / "openapi.yaml",
]
EXAMPLES: Final = int(os.environ.get("MUTATED_DOCUMENTS", "2000"))
OTHER_KINDS: Final = [None, True, 0, -1, 2.5, "", "x", "{id}", [], {}, [1], {"a": 1}]
NOWHERE: Final = ["#/nowhere", "#/components/schemas/Nope", "#/paths", "#", "other.yaml#/x"]

Document = dict[str, Any]
Place = tuple[Any, ...]


def places(node: Any, place: Place = ()) -> Iterator[Place]:
    """The place of every value in `node`, depth first."""
    yield place
    if isinstance(node, dict | list):
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            yield from places(value, (*place, key))


def at(document: Document, place: Place) -> Any:
    node: Any = document
    for key in place:
        node = node[key]
    return node


@st.composite
def mutated(draw: st.DrawFn) -> Document:
    document: Document = copy.deepcopy(draw(st.sampled_from(DOCUMENTS)))
    for _ in range(draw(st.integers(1, 3))):
        found = list(places(document))
        place = draw(st.sampled_from(found[1:] or found))
        kind = draw(st.sampled_from(["delete", "kind", "ref", "duplicate path"]))
        parent, key = (at(document, place[:-1]), place[-1]) if place else (None, None)
        if kind == "delete" and isinstance(parent, dict):
            del parent[key]
        elif kind == "delete" and isinstance(parent, list):
            parent.pop(int(key or 0))
        elif kind == "kind" and parent is not None:
            parent[key] = copy.deepcopy(draw(st.sampled_from(OTHER_KINDS)))
        elif kind == "ref" and isinstance(at(document, place), dict):
            at(document, place)["$ref"] = draw(st.sampled_from(NOWHERE))
        elif kind == "duplicate path" and isinstance(document.get("paths"), dict):
            paths = document["paths"]
            if paths:
                path = draw(st.sampled_from(sorted(paths, key=str)))
                twin = draw(st.sampled_from([f"{path}/{{x}}", str(path).replace("{", "{a"), "/"]))
                paths[twin] = copy.deepcopy(paths[path])
    return document


DOCUMENTS: Final = [load_document(path) for path in BASES]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mutated")


def compiled(source: str, filename: str, first_party: str) -> str:
    """In place of ruff: the rendered module must be Python that compiles."""
    compile(ast.parse(source, filename), filename, "exec")
    return source


def refused_or_read(document: Document, scratch: Path) -> Any:
    note(f"the mutated document: {json.dumps(document)}")  # printed when a case fails
    try:
        return read_spec(written(document, scratch))
    except SpecError:
        return None


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(document=mutated())
def test_a_mutated_spec_is_refused_or_its_code_compiles(
    document: Document, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = refused_or_read(document, scratch)
    if spec is None:
        return
    monkeypatch.setattr(render, "format_python", compiled)
    render.render_modules(spec, "mutated.generated")
    make_typable(copy.deepcopy(spec.normalized), keep=frozenset({UPLOAD_SCHEMA}))


@settings(
    max_examples=max(EXAMPLES // 10, 1),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(document=mutated())
def test_a_mutated_spec_is_refused_or_generated_whole(document: Document, scratch: Path) -> None:
    spec = refused_or_read(document, scratch)
    if spec is not None:
        render_package(spec, "mutated.generated")


def test_the_mutations_leave_the_bases_readable_unmutated() -> None:
    # The bases themselves are accepted: a refusal above is the mutation's doing.
    for path in BASES:
        assert read_spec(path).operations, path
    assert json.loads(json.dumps(DOCUMENTS)) == DOCUMENTS
