"""A document with one mistake a person makes is refused (exit 2) naming the place and what is
wrong: never a traceback, never accepted. Where published specs break a rule harmlessly, a
warning instead."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from specfirst.codegen.model import SpecError
from tests.specfirst.generated import read_document, written

OK = {"200": {"description": "ok"}}


def document(version: str = "3.1.0", **more: Any) -> dict[str, Any]:
    return {"openapi": version, "info": {"title": "t", "version": "1"}, "paths": {}, **more}


def get(**operation: Any) -> dict[str, Any]:
    return {"get": {"responses": OK, **operation}}


def path_parameter(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def schemas(**named: Any) -> dict[str, Any]:
    return {"schemas": named}


VERSIONS = ("3.0.3", "3.1.0", "3.2.0")
MISTAKES = [
    # (what, the document's own parts, where the refusal points, what it says)
    ("a parameter without `in`", {"paths": {"/x": get(parameters=[{"name": "q"}])}},
     "#/paths/~1x/get/parameters/0", "'in' is a required property"),
    ("paths written as a list", {"paths": []}, "#/paths", "is not of type"),
    ("`parameters: x`", {"paths": {"/x": get(parameters="x")}},
     "#/paths/~1x/get/parameters", "is not of type"),
    ("an operation that is a number", {"paths": {"/x": {"get": 5}}},
     "#/paths/~1x/get", "is not of type"),
    ("no info", {"info": None}, "#", "'info' is a required property"),
    ("`type: strin`", {"components": schemas(A={"type": "strin"})},
     "#/components/schemas/A/type", "'strin' is not one of"),
    ('`minimum: "ten"`', {"components": schemas(A={"type": "integer", "minimum": "ten"})},
     "#/components/schemas/A/minimum", "'ten' is not of type 'number'"),
    ("a numeric operationId", {"paths": {"/x": get(operationId=5)}},
     "#/paths/~1x/get/operationId", "is not of type"),
    ("a discriminator without a string propertyName",
     {"components": schemas(A={"type": "object", "properties": {"p": {
         "oneOf": [{"$ref": "#/components/schemas/A"}], "discriminator": {"propertyName": [1]}}}})},
     "#/components/schemas/A/properties/p/discriminator", "discriminator"),
    ("a dangling $ref", {"components": schemas(A={"$ref": "#/components/schemas/Nowhere"})},
     "#/components/schemas/A", "$ref '#/components/schemas/Nowhere' points at nothing"),
    ("a $ref cycle with no schema in it",
     {"components": schemas(A={"$ref": "#/components/schemas/B"},
                            B={"$ref": "#/components/schemas/A"})},
     "#/components/schemas/A", "comes back to itself"),
    ("an undeclared path template parameter", {"paths": {"/x/{id}": get()}},
     "#/paths/~1x~1{id}/get", "path parameter {id} is not declared"),
    ("a path parameter not in the template",
     {"paths": {"/x": get(parameters=[path_parameter("id")])}},
     "#/paths/~1x/get", "path parameter 'id' is declared but not in the path"),
    ("two templates of one shape with one method",
     {"paths": {"/x/{a}": get(parameters=[path_parameter("a")]),
                "/x/{b}": get(parameters=[path_parameter("b")])}},
     "#/paths/~1x~1{b}", "the same template as #/paths/~1x~1{a}, with GET on both"),
]  # fmt: skip


def refusal(tmp_path: Path, mistaken: dict[str, Any]) -> str:
    with pytest.raises(SpecError) as refused:
        read_document(mistaken, tmp_path)
    return str(refused.value)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("what", "parts", "place", "said"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_refused_at_its_place(
    tmp_path: Path, version: str, what: str, parts: dict[str, Any], place: str, said: str
) -> None:
    mistaken = {**document(version), **parts}
    if mistaken.get("info") is None:
        del mistaken["info"]
    message = refusal(tmp_path, mistaken)
    lines = [line.strip() for line in message.splitlines()[1:]]
    assert any(line.startswith((f"{place}: ", f"{place}/")) for line in lines), message
    assert said in message.replace('"', "'")  # the validators quote values either way


def test_the_command_line_exits_2_with_the_places_and_no_traceback(tmp_path: Path) -> None:
    spec = written(document(paths={"/x/{id}": get(parameters="x")}), tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "specfirst", "generate", "--spec", str(spec), "--package", "g"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "not a valid OpenAPI 3.1.0 document:" in done.stderr
    assert "#/paths/~1x~1{id}/get/parameters: " in done.stderr


def test_two_templates_of_one_shape_whose_methods_differ_are_a_warning(tmp_path: Path) -> None:
    both = document(
        paths={
            "/x/{a}": get(parameters=[path_parameter("a")]),
            "/x/{b}": {"delete": {"parameters": [path_parameter("b")], "responses": OK}},
        }
    )
    assert (
        "#/paths/~1x~1{b}: the same template as #/paths/~1x~1{a}: OpenAPI forbids it; served, "
        "their methods being apart"
    ) in read_document(both, tmp_path).warnings


def test_a_recursive_schema_is_no_cycle(tmp_path: Path) -> None:
    node = {
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/N"}}},
    }
    spec = read_document(document(components=schemas(N=node)), tmp_path)
    assert spec.document["components"]["schemas"]["N"] == node
