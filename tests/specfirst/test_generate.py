"""`generate` is deterministic and headed DO NOT EDIT; `check` catches every kind of drift."""

import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import get_args

import pytest

from specfirst.codegen.model import SpecError
from specfirst.codegen.package import write_package
from specfirst.codegen.pipeline import read_spec, render_package
from specfirst.documents.bundle import load_document
from specfirst.documents.contract import document_sha256
from tests.specfirst.conftest import NOTES_SPEC, PACKAGE

ROOT = Path(__file__).resolve().parents[2]


def run_codegen(
    command: str, spec: Path, cwd: Path, hash_seed: str = "0"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, "-m", "specfirst", command, "--spec", str(spec), "--package", PACKAGE],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    """A work directory holding a freshly generated `notes/generated/`."""
    assert run_codegen("generate", NOTES_SPEC, tmp_path).returncode == 0
    return tmp_path / "notes" / "generated"


def test_two_runs_give_identical_bytes(tmp_path: Path, generated: Path) -> None:
    other = tmp_path / "again"
    other.mkdir()
    assert run_codegen("generate", NOTES_SPEC, other, hash_seed="12345").returncode == 0
    for first in sorted(generated.glob("*.py")):
        assert first.read_bytes() == (other / "notes" / "generated" / first.name).read_bytes(), (
            first.name
        )


def test_every_file_is_headed_do_not_edit_and_one_holds_the_spec_hash(generated: Path) -> None:
    digest = document_sha256(load_document(NOTES_SPEC))
    files = sorted(generated.glob("*.py"))
    assert {f.name for f in files} == {
        "__init__.py",
        "models.py",
        "responses.py",
        "interfaces.py",
        "routes.py",
    }
    for file in files:
        assert file.read_text().startswith("# DO NOT EDIT"), file.name
    # In one place only, so that a change of the spec changes only the files it affects.
    assert [f.name for f in files if digest in f.read_text()] == ["__init__.py"]


def test_check_passes_on_fresh_output(tmp_path: Path, generated: Path) -> None:
    result = run_codegen("check", NOTES_SPEC, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_catches_a_hand_edit_with_a_diff(tmp_path: Path, generated: Path) -> None:
    routes = generated / "routes.py"
    text = routes.read_text()
    assert "Field(ge=1, le=9223372036854775807)" in text
    routes.write_text(text.replace("Field(ge=1, le=922", "Field(ge=0, le=922", 1))
    result = run_codegen("check", NOTES_SPEC, tmp_path)
    assert result.returncode == 1
    assert "-" + "        note_id: Annotated[int, Field(ge=0, le=" in result.stdout
    assert "+" + "        note_id: Annotated[int, Field(ge=1, le=" in result.stdout
    assert f"python -m specfirst generate --spec {NOTES_SPEC} --package {PACKAGE}" in result.stderr


def test_check_catches_a_spec_edit(tmp_path: Path, generated: Path, spec_copy: Path) -> None:
    spec_copy.write_text(spec_copy.read_text().replace("maxLength: 20", "maxLength: 30"))
    result = run_codegen("check", spec_copy, tmp_path)
    assert result.returncode == 1
    assert "max_length=30" in result.stdout


def test_check_catches_a_stray_and_a_deleted_file(tmp_path: Path, generated: Path) -> None:
    (generated / "extra.py").write_text("x = 1\n")
    (generated / "responses.py").unlink()
    result = run_codegen("check", NOTES_SPEC, tmp_path)
    assert result.returncode == 1
    assert "extra.py (committed)" in result.stdout
    assert "responses.py (from spec)" in result.stdout


def test_generate_removes_stale_files(tmp_path: Path) -> None:
    directory = tmp_path / "pkg"
    directory.mkdir()
    (directory / "stale.py").write_text("")
    write_package(render_package(read_spec(NOTES_SPEC), PACKAGE).sources, directory)
    assert not (directory / "stale.py").exists()


def test_swagger2_is_refused_with_the_command_that_converts_it(
    tmp_path: Path, spec_copy: Path
) -> None:
    spec_copy.write_text(spec_copy.read_text().replace("openapi: 3.1.0", "swagger: '2.0'"))
    result = run_codegen("generate", spec_copy, tmp_path)
    assert result.returncode == 2
    assert "#/swagger: a Swagger 2.0 document: convert it to OpenAPI 3.0" in result.stderr
    converted = spec_copy.with_name(f"{spec_copy.stem}.openapi.yaml")
    assert f"make convert-spec SPEC={spec_copy} OUT={converted}" in result.stderr
    assert f"npx --yes swagger2openapi@7.0.8 --outfile {converted} {spec_copy}" in result.stderr


def test_another_version_is_refused_naming_it(tmp_path: Path, spec_copy: Path) -> None:
    spec_copy.write_text(spec_copy.read_text().replace("openapi: 3.1.0", "openapi: 4.0.0"))
    result = run_codegen("generate", spec_copy, tmp_path)
    assert result.returncode == 2
    assert "#/openapi: OpenAPI 3.0, 3.1 or 3.2 documents only, not '4.0.0'" in result.stderr


def edited(spec_copy: Path, original: str, replacement: str) -> Path:
    text = spec_copy.read_text()
    assert original in text
    spec_copy.write_text(text.replace(original, replacement, 1))
    return spec_copy


UNDECLARED_401 = (
    "        '401': {$ref: '#/components/responses/Unauthorized'}\n        '404'",
    "        '404'",
)
UNDECLARED_415 = (
    "        '415': {$ref: '#/components/responses/Unsupported'}\n        '422'",
    "        '422'",
)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (UNDECLARED_401, r"delete: the binding can answer 401 \(missing or invalid credentials\)"),
        (
            UNDECLARED_415,
            r"post: the binding can answer 415 \(a body of an undeclared content type\)",
        ),
    ],
)
def test_a_status_the_binding_answers_undeclared_is_a_warning_or_strictly_refused(
    spec_copy: Path, edit: tuple[str, str], message: str
) -> None:
    spec = read_spec(edited(spec_copy, *edit))
    [warning] = spec.warnings
    assert re.search(message, warning)
    assert warning.endswith("not declared: it answers problem+json")
    with pytest.raises(SpecError, match=message + ".*: declare it"):
        read_spec(spec_copy, strict=True)


@pytest.mark.parametrize(
    ("original", "replacement", "message"),
    [
        ("responses/NotFound'}", "responses/Missing'}", "responses/Missing' points at nothing"),
        (
            "        - name: X-Trace\n          in: header",
            "        - name: X-Trace\n          in: header\n          style: form",
            'get/parameters/1/style: "simple" was expected',
        ),
    ],
)
def test_spec_shapes_the_binding_cannot_serve_are_refused(
    spec_copy: Path, original: str, replacement: str, message: str
) -> None:
    with pytest.raises(SpecError, match=message):
        read_spec(edited(spec_copy, original, replacement))


def test_names_and_handler_sets_the_spec_leaves_open(spec_copy: Path) -> None:
    edited(spec_copy, "      operationId: read_latest_note\n      tags: [notes]\n", "")
    edited(
        spec_copy,
        "      operationId: list_notes\n      tags: [notes]",
        "      operationId: List-Notes\n      tags: [auth, notes]",
    )
    edited(
        spec_copy,
        "      operationId: delete_note\n      tags: [notes]",
        "      operationId: deleteNote\n      tags: [notes]\n      x-handler-set: admin",
    )
    operations = {op.operation_id: op.tag for op in read_spec(spec_copy).operations}
    assert operations["get_notes_latest"] == "default"  # no operationId, no tag
    assert operations["list_notes"] == "auth"  # kebab-case; the first of its tags
    assert operations["delete_note"] == "admin"  # camelCase; x-handler-set


def test_an_inline_body_schema_is_a_model_named_after_its_operation(spec_copy: Path) -> None:
    edited(
        spec_copy,
        "            schema: {$ref: '#/components/schemas/NoteIn'}",
        "            schema: {type: object, properties: {text: {type: string}}}",
    )
    [create] = [op for op in read_spec(spec_copy).operations if op.operation_id == "create_note"]
    assert create.body is not None
    assert create.body.contents == (("application/json", "models.CreateNoteRequestBody"),)


def test_a_shared_response_is_one_class_that_every_union_names(notes: ModuleType) -> None:
    responses = notes.responses
    assert responses.NotFoundResponse in get_args(responses.ReadNoteResponse)
    assert responses.NotFoundResponse in get_args(responses.DeleteNoteResponse)
    assert responses.NotFoundResponse.status_code == 404
    assert not hasattr(responses, "ReadNote404Response")
    assert responses.ReadNote200Response in get_args(responses.ReadNoteResponse)


def test_a_shared_response_used_under_several_statuses_is_a_class_per_status(
    spec_copy: Path,
) -> None:
    text = spec_copy.read_text()
    spec_copy.write_text(
        text.replace(
            "        '400': {$ref: '#/components/responses/Malformed'}\n        '401'",
            "        '400': {$ref: '#/components/responses/Invalid'}\n        '401'",
            1,
        )
    )
    classes = {r.class_name: r.status for r in read_spec(spec_copy).response_classes}
    assert classes["Invalid400Response"] == 400
    assert classes["Invalid422Response"] == 422
    assert "InvalidResponse" not in classes


def test_a_class_name_used_twice_is_numbered(spec_copy: Path) -> None:
    # An operation named like a shared response's class would give its union the same name.
    spec_copy.write_text(
        spec_copy.read_text().replace("operationId: read_latest_note", "operationId: not_found")
    )
    spec = read_spec(spec_copy)
    [operation] = [op for op in spec.operations if op.operation_id == "not_found"]
    assert operation.response_union_name == "NotFoundResponse2"
    assert "NotFoundResponse" in {r.class_name for r in spec.response_classes}
    assert (
        f"{operation.pointer}: its class is NotFoundResponse2: NotFoundResponse is another's"
        in spec.warnings
    )


FORM_SPEC = """
openapi: 3.1.0
info: {title: forms, version: '1'}
paths:
  /search:
    post:
      operationId: search
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                span: {type: object, properties: {low: {type: integer}}}
                ids: {type: array, items: {type: integer}}
            encoding:
              span: {style: deepObject, explode: true}
              ids: {style: %s}
      responses:
        '204': {description: done}
"""


def test_a_forms_encoding_styles_reach_the_binding(tmp_path: Path) -> None:
    spec = tmp_path / "forms.yaml"
    spec.write_text(FORM_SPEC % "pipeDelimited")
    [search] = read_spec(spec).operations
    assert search.body is not None
    assert search.body.styles == (("span", "deepObject", True), ("ids", "pipeDelimited", False))
    spec.write_text(FORM_SPEC % "matrix")
    with pytest.raises(SpecError, match='encoding/ids/style: "matrix" is not one of'):
        read_spec(spec)
