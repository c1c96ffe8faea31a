"""Documents reach the generator from pull requests: one must not make it read a file outside
the spec's own directory (nor echo what such a file holds), nor take unbounded time or memory
(YAML aliases, deep nesting, size). Each is refused, naming the file and the reason."""

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from specfirst.codegen.model import SpecError
from specfirst.codegen.pipeline import read_spec, render_package
from specfirst.documents.bundle import load_document
from specfirst.documents.errors import DocumentError
from specfirst.documents.limits import MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_VALUES
from specfirst.scaffold.methods import method_source

SECRET = "TOP-SECRET-0f6c2e"


def spec_with(schema: dict[str, Any]) -> dict[str, Any]:
    ok = {"description": "ok", "content": {"application/json": {"schema": schema}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "hostile", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "x", "responses": {"200": ok}}}},
    }


@pytest.fixture
def layout(tmp_path: Path) -> Path:
    """A spec directory, and beside it (outside) a file holding a secret."""
    (tmp_path / "outside.yaml").write_text(f"type: string\ndescription: {SECRET}\n")
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "inside.yaml").write_text("type: integer\n")
    return tmp_path / "spec"


def refusal(spec: Path, **options: Any) -> str:
    with pytest.raises(SpecError) as refused:
        read_spec(spec, **options)
    message = str(refused.value)
    assert SECRET not in message
    return message


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        ("../outside.yaml", "leads out of"),
        ("{outside}", "leads out of"),  # an absolute path
        ("/etc/os-release", "leads out of"),
        ("file://{outside}", "a URL: only files are read"),
        ("https://example.com/schema.yaml", "a URL: only files are read"),
        ("link.yaml", "leads out of"),  # a symlink inside, to the file outside
    ],
)
def test_a_ref_out_of_the_spec_directory_is_refused_naming_it(
    layout: Path, reference: str, reason: str
) -> None:
    (layout / "link.yaml").symlink_to(layout.parent / "outside.yaml")
    reference = reference.format(outside=layout.parent / "outside.yaml")
    spec = layout / "api.json"
    spec.write_text(json.dumps(spec_with({"$ref": reference})))
    message = refusal(spec)
    assert f"$ref {reference!r}" in message
    assert reason in message


def test_a_ref_anywhere_in_the_document_is_confined_too(layout: Path) -> None:
    document = spec_with({"type": "string"})
    document["info"]["description"] = {"$ref": "../outside.yaml#/description"}
    spec = layout / "api.json"
    spec.write_text(json.dumps(document))
    assert "leads out of" in refusal(spec)


def test_a_file_inside_is_read_and_a_wider_root_lets_one_outside_be(layout: Path) -> None:
    spec = layout / "api.json"
    spec.write_text(json.dumps(spec_with({"$ref": "inside.yaml"})))
    assert read_spec(spec).document["components"]["schemas"]["inside"] == {"type": "integer"}
    spec.write_text(json.dumps(spec_with({"$ref": "../outside.yaml"})))
    outside = read_spec(spec, ref_root=layout.parent).document["components"]["schemas"]
    assert outside["outside"]["description"] == SECRET


def test_the_command_line_widens_the_root_only_when_told(layout: Path) -> None:
    spec = layout / "api.json"
    spec.write_text(json.dumps(spec_with({"$ref": "../outside.yaml"})))
    command = [sys.executable, "-m", "specfirst", "try", "--spec", str(spec)]
    refused = subprocess.run(command, capture_output=True, text=True, check=False)
    assert refused.returncode == 2
    assert "leads out of" in refused.stdout
    assert SECRET not in refused.stdout + refused.stderr
    widened = [*command, "--ref-root", str(layout.parent)]
    assert subprocess.run(widened, capture_output=True, check=False).returncode == 0


# Eighteen lines that expand to 10^9 strings when every alias is copied.
BILLION_LAUGHS = textwrap.dedent(
    """\
    openapi: 3.1.0
    info: {title: laughs, version: "1"}
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    paths: {}
    """
)


def refused_in_bounded_memory(path: Path) -> str:
    """`load_document` on `path` in a process that may hold 1 GiB at most: its refusal (a
    document read whole would end in MemoryError instead)."""
    probe = textwrap.dedent(
        f"""\
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({2**30}, {2**30}))
        from pathlib import Path
        from specfirst.documents.bundle import load_document
        from specfirst.documents.errors import DocumentError
        try:
            load_document(Path({str(path)!r}))
        except DocumentError as error:
            print(error)
            sys.exit(3)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,  # a guard against a hang, not a measure
        check=False,
        env=os.environ,
    )
    assert done.returncode == 3, done.stderr[-2000:]
    return done.stdout


def test_yaml_aliases_that_expand_past_the_text_are_refused(tmp_path: Path) -> None:
    spec = tmp_path / "laughs.yaml"
    spec.write_text(BILLION_LAUGHS)
    assert "its YAML aliases expand it to more than 10 times its text" in (
        refused_in_bounded_memory(spec)
    )


def test_a_few_aliases_are_read(tmp_path: Path) -> None:
    spec = tmp_path / "anchors.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "x-common: &common {type: string, maxLength: 10}\n"
        "components: {schemas: {A: *common, B: *common}}\n"
    )
    schemas = load_document(spec)["components"]["schemas"]
    assert schemas["A"] == schemas["B"] == {"type": "string", "maxLength": 10}


def test_an_alias_to_a_node_that_holds_it_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "cycle.yaml"
    spec.write_text("openapi: 3.1.0\nx-loop: &loop [1, *loop]\n")
    with pytest.raises(DocumentError, match="a YAML alias refers to a node that holds it"):
        load_document(spec)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 100_000])
def test_deep_json_is_refused(tmp_path: Path, depth: int) -> None:
    spec = tmp_path / "deep.json"
    spec.write_text('{"openapi": "3.1.0", "x": ' + "[" * depth + "]" * depth + "}")
    with pytest.raises(DocumentError, match="nested deeper than"):
        load_document(spec)


def test_deep_yaml_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "deep.yaml"
    levels = MAX_DEPTH + 1
    spec.write_text("openapi: 3.1.0\n" + "".join(" " * i + f"k{i}:\n" for i in range(levels)))
    with pytest.raises(DocumentError, match=f"nested deeper than {MAX_DEPTH} levels"):
        load_document(spec)


def test_a_document_nested_as_deep_as_allowed_is_read(tmp_path: Path) -> None:
    spec = tmp_path / "deep.json"
    inner = MAX_DEPTH - 2  # the document itself and its "x" are two levels
    spec.write_text('{"openapi": "3.1.0", "x": ' + "[" * inner + "]" * inner + "}")
    assert load_document(spec)["openapi"] == "3.1.0"


def test_a_file_over_the_size_bound_is_refused_unread(tmp_path: Path) -> None:
    spec = tmp_path / "huge.json"
    with spec.open("wb") as sparse:
        sparse.truncate(MAX_DOCUMENT_BYTES + 1)  # no bytes written: it is never read
    with pytest.raises(DocumentError, match="hold more than 64 MiB"):
        load_document(spec)


def test_the_files_a_spec_refers_to_count_toward_the_bound(tmp_path: Path) -> None:
    half = MAX_DOCUMENT_BYTES // 2 + 1
    for name in ("one.json", "two.json"):
        with (tmp_path / name).open("w") as part:
            part.write('{"type": "string", "description": "' + "x" * half + '"}')
    document = spec_with({"type": "object"})
    document["components"] = {"schemas": {"One": {"$ref": "one.json"}, "Two": {"$ref": "two.json"}}}
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps(document))
    with pytest.raises(DocumentError, match="the spec's files hold more than 64 MiB"):
        load_document(spec)


def test_a_document_of_too_many_values_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "many.json"
    spec.write_text('{"openapi": "3.1.0", "x": [' + ",".join(["0"] * MAX_VALUES) + "]}")
    with pytest.raises(DocumentError, match="holds more than 5,000,000 values"):
        load_document(spec)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("long.json", '{"openapi": "3.1.0", "x": ' + "9" * 5_000 + "}"),
        ("long.yaml", "openapi: 3.1.0\nx: " + "9" * 5_000 + "\n"),
    ],
)
def test_a_number_too_long_to_read_is_refused(tmp_path: Path, name: str, text: str) -> None:
    spec = tmp_path / name
    spec.write_text(text)
    with pytest.raises(DocumentError, match="Exceeds the limit"):
        load_document(spec)


# Paths that would end a docstring or a comment and go on as code, were they written as they
# are into the generated interfaces or a new project's handlers.
CODE_IN_A_PATH = ['/a"""\nimport os; os.system("x")\n"""', "/b\nimport os", "/c\\", "/d#\n"]


@pytest.mark.parametrize("path", CODE_IN_A_PATH)
def test_a_path_writes_no_code_into_the_interfaces_nor_a_new_projects_handlers(
    tmp_path: Path, path: str
) -> None:
    document = spec_with({"type": "string"})
    document["paths"] = {path: document["paths"]["/x"]}
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(document))
    spec = read_spec(spec_path)
    interfaces = ast.parse(render_package(spec, "hostile.generated").sources["interfaces.py"])
    (method,) = [n for n in ast.walk(interfaces) if isinstance(n, ast.AsyncFunctionDef)]
    assert ast.get_docstring(method, clean=False) == f"GET {path}"  # the path, as text
    assert [type(n) for n in method.body] == [ast.Expr, ast.Expr]  # the docstring and `...`
    handler = ast.parse(f"class Handlers:\n{method_source(spec.operations[0])}\n")
    (written,) = [n for n in ast.walk(handler) if isinstance(n, ast.AsyncFunctionDef)]
    assert [type(n) for n in written.body] == [ast.Return]  # the comment stayed a comment
