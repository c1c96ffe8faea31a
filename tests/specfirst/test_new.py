"""`specfirst new` and `specfirst stubs`, in process: what a new project holds and does, on the
corpus' security spec (every kind of scheme). `make new-services` runs whole projects' own
`make test` and `make run` from the wheel."""

import asyncio
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient

from specfirst.cli import main
from specfirst.codegen.package import importable
from specfirst.runtime.routing import MissingOperationError

CORPUS = Path(__file__).with_name("corpus")
SPEC = CORPUS / "oas31-security.yaml"
PACKAGE = "secured_project"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project for SPEC, importable while the module's tests run."""
    directory = tmp_path_factory.mktemp("new") / "secured-project"
    assert main(["new", "--spec", str(SPEC), str(directory), "--no-lock"]) == 0
    with importable(directory, PACKAGE):
        yield directory


def module(name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_the_project_holds_the_spec_its_package_and_one_module_per_handler_set(
    project: Path,
) -> None:
    assert (project / SPEC.name).read_bytes() == SPEC.read_bytes()
    assert (project / PACKAGE / "generated" / "routes.py").exists()
    handler_modules = sorted(p.stem for p in (project / PACKAGE / "handlers").glob("[!_]*.py"))
    tags = module("generated.interfaces")
    interfaces = sorted(name for name in vars(tags) if name.endswith("Handlers"))
    assert len(handler_modules) == len(interfaces) > 0
    for name in (".github/workflows/ci.yml", "Makefile", "pyproject.toml", "README.md"):
        assert (project / name).is_file()


def test_each_operation_answers_the_spec_example_and_secured_ones_want_the_credential(
    project: Path,
) -> None:
    settings = module("settings").Settings(environment="test")
    client = TestClient(module("app").create_app(settings))
    token = settings.dev_token.get_secret_value()
    assert client.get("/public").status_code == 200
    assert client.get("/keys/header").status_code == 401
    assert client.get("/keys/header", headers={"X-API-Key": "another"}).status_code == 401
    assert client.get("/keys/header", headers={"X-API-Key": token}).status_code == 200
    assert client.get("/keys/query", params={"api_key": token}).status_code == 200
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/default", headers=bearer).status_code == 200
    basic = (settings.dev_username, settings.dev_password.get_secret_value())
    assert client.get("/basic", auth=basic).status_code == 200
    assert client.get("/basic", auth=(settings.dev_username, "wrong")).status_code == 401
    # The spec's own contract, served as written.
    assert (
        client.get("/openapi.json").json()["info"]["title"]
        == module("app").create_app(settings).openapi()["info"]["title"]
    )


def test_the_development_authenticators_refuse_to_start_in_production(project: Path) -> None:
    settings = module("settings").Settings(environment="production")
    with pytest.raises(module("security").DevelopmentCredentialsError, match="production"):
        module("app").create_app(settings)


def test_a_token_authenticator_takes_the_development_token_alone(project: Path) -> None:
    settings = module("settings").Settings(environment="development", dev_token="a-dev-token")
    authenticate: Any = module("security").bearer_jwt(settings)
    assert asyncio.run(authenticate("a-dev-token", [])) == "developer"
    assert asyncio.run(authenticate("a-dev-tokeN", [])) is None
    assert asyncio.run(authenticate("", [])) is None


def test_stubs_print_only_what_a_handler_set_lacks(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    handlers = module("handlers.default")
    written = vars(type(handlers.handlers))
    # The set as it was before the spec grew by one operation.
    lacking = type("Lacking", (), {k: v for k, v in written.items() if k != "read_with_query_key"})
    monkeypatch.setattr(handlers, "lacking", lacking(), raising=False)
    arguments = ["stubs", "--spec", SPEC.name, "--package", f"{PACKAGE}.generated"]
    arguments += ["--set", "default"]
    assert main([*arguments, "--handlers", f"{PACKAGE}.handlers.default:lacking"]) == 0
    printed = capsys.readouterr().out
    assert "async def read_with_query_key(" in printed
    # Its first success, a shared response (components/responses/Who).
    assert "return EXAMPLES.answer(responses.Who200Response)" in printed
    assert "read_with_header_key" not in printed
    assert main([*arguments, "--handlers", f"{PACKAGE}.handlers.default:handlers"]) == 0
    assert "implements every operation" in capsys.readouterr().out
    # The start-up check names the command.
    interface = module("generated.interfaces").DefaultHandlers
    with pytest.raises(MissingOperationError, match=r"specfirst stubs .*--set DefaultHandlers"):
        module("generated.routes").require_operations(lacking(), interface)


@pytest.mark.parametrize("package", ["tests", "class", "two words", "specfirst"])
def test_new_refuses_a_package_name_that_cannot_be_one(tmp_path: Path, package: str) -> None:
    arguments = ["new", "--spec", str(SPEC), str(tmp_path / "p"), "--package", package]
    assert main([*arguments, "--no-lock"]) == 2


def test_new_refuses_a_directory_with_something_in_it(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("mine")
    assert main(["new", "--spec", str(SPEC), str(tmp_path), "--no-lock"]) == 2
    assert (tmp_path / "README.md").read_text() == "mine"


def test_a_spec_whose_file_name_is_not_plain_is_copied_as_openapi_yaml(tmp_path: Path) -> None:
    # Its name goes into the Makefile and the code: spaces and quotes have no place there.
    spec = tmp_path / 'the "store" spec v2.yaml'
    spec.write_bytes((CORPUS / "oas30-store.yaml").read_bytes())
    assert main(["new", "--spec", str(spec), str(tmp_path / "store"), "--no-lock"]) == 0
    assert (tmp_path / "store" / "openapi.yaml").read_bytes() == spec.read_bytes()
    assert "SPEC := openapi.yaml\n" in (tmp_path / "store" / "Makefile").read_text()


def test_new_names_each_operation_whose_example_answer_cannot_be_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every object is both branches of this oneOf: no answer is exactly one of them.
    both = {"oneOf": [{"type": "object"}, {"type": "object", "properties": {"a": {}}}]}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "overlap", "version": "1"},
        "paths": {
            "/x": {
                "get": {
                    "operationId": "readX",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": both}},
                        }
                    },
                }
            }
        },
    }
    spec = tmp_path / "overlap.json"
    spec.write_text(json.dumps(document))
    assert main(["new", "--spec", str(spec), str(tmp_path / "overlap_project"), "--no-lock"]) == 0
    assert "#/paths/~1x/get: no valid answer can be built" in capsys.readouterr().err
    assert "overlap_project" not in sys.modules  # imported to build the answers, then let go


def test_new_refuses_a_package_named_as_an_installed_module(tmp_path: Path) -> None:
    arguments = ["new", "--spec", str(SPEC), str(tmp_path / "p"), "--package", "yaml"]
    assert main([*arguments, "--no-lock"]) == 2
